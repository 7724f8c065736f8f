namespace Syncer.Doubles.Kubernetes.Output;

/// <summary>
/// What a response carries, as the Accept header chose it: the object itself (<see cref="Object"/>), or a
/// meta.k8s.io conversion (<c>PartialObjectMetadata</c>, <c>PartialObjectMetadataList</c>, <c>Table</c>).
/// </summary>
internal sealed record OutputForm(string? ConvertTo, string MetaVersion)
{
    public static readonly OutputForm Object = new(null, "v1");

    /// <summary>"meta.k8s.io/v1" or "meta.k8s.io/v1beta1": the apiVersion of the converted answer.</summary>
    public string ApiVersion => $"{OutputNegotiation.MetaGroup}/{MetaVersion}";
}
