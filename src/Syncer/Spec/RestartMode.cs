namespace Syncer.Spec;

internal enum RestartMode
{
    /// <summary>Workloads in the namespace that reference the Secret.</summary>
    Auto,

    /// <summary>No restarts.</summary>
    None,

    /// <summary>Only the workloads listed.</summary>
    Explicit,
}
