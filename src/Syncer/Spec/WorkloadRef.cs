namespace Syncer.Spec;

/// <summary>A workload named in an explicit <c>syncer.io/restart</c> list, in the Secret's namespace.</summary>
/// <param name="Kind">Lower case: <c>deployment</c>, <c>statefulset</c> or <c>daemonset</c>.</param>
internal sealed record WorkloadRef(string Kind, string Name)
{
    public override string ToString() => $"{Kind}/{Name}";
}
