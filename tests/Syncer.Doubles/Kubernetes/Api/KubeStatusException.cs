using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>A failed request: the handler answers <see cref="Code"/> with the Status object as body.</summary>
internal sealed class KubeStatusException(int code, JsonObject status)
    : Exception((string?)status["message"] ?? $"status {code}")
{
    public int Code { get; } = code;

    public JsonObject Status { get; } = status;
}
