using System.Text.Encodings.Web;
using System.Text.Json;

namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>JSON output close to Go's encoding/json: compact, no escaping of '+', quotes as \".</summary>
internal static class KubeJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
