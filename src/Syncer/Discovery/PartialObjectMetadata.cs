using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Syncer.Discovery;

/// <summary>
/// <c>meta.k8s.io/v1 PartialObjectMetadata</c>: an object's metadata without its body, as the API server answers a
/// metadata-only list or watch. Hand-written: the KubernetesClient has no model for it.
/// </summary>
internal sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "meta.k8s.io/v1";
    public const string KubeKind = "PartialObjectMetadata";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
