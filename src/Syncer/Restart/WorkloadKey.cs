namespace Syncer.Restart;

/// <summary>One workload: its kind (an entry of <see cref="WorkloadKinds"/>), namespace and name.</summary>
internal readonly record struct WorkloadKey(WorkloadKind Kind, string Namespace, string Name)
{
    /// <summary>As <c>syncer.io/restart</c> lists and Events name it: <c>deployment/web</c>.</summary>
    public string Display => $"{Kind.Name}/{Name}";

    public override string ToString() => $"{Kind.Name} {Namespace}/{Name}";
}
