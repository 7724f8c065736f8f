namespace Syncer.Restart;

/// <summary>
/// Whether every consumer of a Secret's pending revision is done, and which were rolled for it (named by the Secret's
/// one <c>RestartTriggered</c> Event).
/// </summary>
internal sealed record CompletionDecision(bool Done, IReadOnlyList<WorkloadRecord> Rolled)
{
    public static CompletionDecision NotYet { get; } = new(false, []);
}
