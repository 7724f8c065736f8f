using Syncer.Doubles.Kubernetes.Crds;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>
/// What one double serves: the built-in catalog plus the kinds its stored CustomResourceDefinitions define. Read
/// from the store at each lookup (level-triggered: a CRD created or deleted is served or gone at the next request);
/// built-ins are looked up first, so requests for them never read the CRDs.
/// </summary>
internal sealed class ApiResources(ObjectStore store)
{
    public IReadOnlyList<ResourceType> All => [.. ResourceCatalog.All, .. Custom()];

    /// <summary>Group versions in discovery order ("" is the legacy core group at /api/v1).</summary>
    public IEnumerable<(string Group, string Version)> GroupVersions => All.Select(r => (r.Group, r.Version)).Distinct();

    public ResourceType? Find(string group, string version, string plural) =>
        ResourceCatalog.Find(group, version, plural)
        ?? Custom().FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    private IEnumerable<ResourceType> Custom() =>
        store.List(ResourceCatalog.CustomResourceDefinitions.StorageKey, null, null).Items.SelectMany(kv => CustomResourceTypes.Of(kv.Value));
}
