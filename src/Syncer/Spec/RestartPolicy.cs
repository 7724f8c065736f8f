namespace Syncer.Spec;

/// <summary>What <c>syncer.io/restart</c> says; <see cref="Targets"/> is empty unless the mode is explicit.</summary>
internal sealed record RestartPolicy(RestartMode Mode, IReadOnlyList<WorkloadRef> Targets)
{
    public static RestartPolicy Auto { get; } = new(RestartMode.Auto, []);

    public static RestartPolicy None { get; } = new(RestartMode.None, []);
}
