namespace Syncer.Chaos.Checking;

/// <summary>
/// A Secret's revisions as the checker saw them: the latest <c>syncer.io/data-revision</c>, the
/// <c>syncer.io/rollout-pending</c> revision (null when none), and every revision shown with its <c>synced-at</c>.
/// </summary>
public sealed record SecretRevisions(long Latest, long? Pending, IReadOnlyDictionary<long, DateTimeOffset?> WrittenAt);
