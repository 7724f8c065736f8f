namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>
/// One served resource (group/version/plural) and the strategy facts the API server applies to it.
/// <paramref name="StorageKey"/> names the store bucket: core/v1 and events.k8s.io/v1 Events share one.
/// <paramref name="Custom"/>: defined by a CustomResourceDefinition (JSON bodies only, no strategic merge patch).
/// <paramref name="CreateOnly"/>: a review (TokenReview, SelfSubjectAccessReview, ...): POST answers it, nothing is stored.
/// </summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    string StorageKey,
    IReadOnlyList<string> ShortNames,
    GenerationRule Generation = GenerationRule.None,
    bool AllowUnconditionalUpdate = true,
    bool HasStatus = false,
    bool ReturnDeletedObject = false,
    IReadOnlyList<string>? ExtraSelectableFields = null,
    IReadOnlyList<string>? Categories = null,
    bool Custom = false,
    bool CreateOnly = false)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"secrets" or "deployments.apps": the resource as error messages name it.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => ListKindOverride ?? Kind + "List";

    public string SingularName => SingularOverride ?? Kind.ToLowerInvariant();

    /// <summary>A CRD's spec.names.singular (built-ins: the lower-case kind).</summary>
    public string? SingularOverride { get; init; }

    /// <summary>A CRD's spec.names.listKind (built-ins: kind + "List").</summary>
    public string? ListKindOverride { get; init; }

    public IReadOnlyList<string> SelectableFields =>
        ["metadata.name", "metadata.namespace", .. ExtraSelectableFields ?? []];
}
