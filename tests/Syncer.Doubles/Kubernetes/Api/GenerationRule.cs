namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>When the API server's strategy bumps <c>metadata.generation</c> for a resource.</summary>
internal enum GenerationRule
{
    /// <summary>The field is absent (Secrets, ConfigMaps, Namespaces, Events, Leases, ServiceAccounts).</summary>
    None,

    /// <summary>Set to 1 on create, +1 when <c>spec</c> changes (StatefulSet, DaemonSet).</summary>
    Spec,

    /// <summary>Set to 1 on create, +1 when <c>spec</c> or <c>metadata.annotations</c> change (Deployment).</summary>
    SpecOrAnnotations,

    /// <summary>
    /// Set to 1 on create, +1 when anything but <c>metadata</c> (and <c>status</c>, with a status subresource)
    /// changes: the custom resource strategy (apiextensions-apiserver customresource/strategy.go).
    /// </summary>
    AllButMetadata,
}
