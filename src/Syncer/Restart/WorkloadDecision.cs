namespace Syncer.Restart;

/// <summary>A workload pass's decision, the revisions it owes (ordered by Secret name) and, for Later, how long to wait.</summary>
internal sealed record WorkloadDecision(WorkloadAction Action, IReadOnlyList<PendingRollout> Owed, TimeSpan Delay = default)
{
    public static WorkloadDecision Nothing { get; } = new(WorkloadAction.Nothing, []);

    /// <summary>The owed revisions as Events name them: <c>Secret db (revision 3)</c>, <c>Secrets api (revision 2), db (revision 3)</c>.</summary>
    public string Describe() => (Owed.Count == 1 ? "Secret " : "Secrets ") + string.Join(", ", Owed);

    /// <summary>Stable text of what is owed, so an Event is recorded once per set of revisions.</summary>
    public string Signature() => string.Join(",", Owed.Select(p => $"{p.Key.Name}={p.Revision}"));
}
