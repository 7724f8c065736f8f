using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// What one <see cref="SecretSynchronizer.SyncAsync"/> did. <see cref="RetryAfter"/> is a hint for the scheduler:
/// set after a transient failure (back off from it); null otherwise (keep the normal schedule). <see cref="Spec"/> is
/// the parsed spec when the annotations were valid, so the scheduler can follow refresh or schedule changes.
/// </summary>
internal sealed record SyncResult(
    SyncOutcome Outcome,
    SyncFailureReason? Reason = null,
    string? Message = null,
    TimeSpan? RetryAfter = null,
    SyncSpec? Spec = null)
{
    public bool Succeeded => Outcome is SyncOutcome.Changed or SyncOutcome.Unchanged;

    public static SyncResult NotFound { get; } = new(SyncOutcome.NotFound);

    public static SyncResult NotManaged { get; } = new(SyncOutcome.NotManaged);
}
