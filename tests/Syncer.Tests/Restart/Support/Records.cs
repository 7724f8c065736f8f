using Syncer.Restart;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Restart.Support;

/// <summary>Workload records and pending revisions for the planner's and the index's unit tests, in namespace shop.</summary>
internal static class Records
{
    public const string Ns = "shop";

    public static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    public static WorkloadRecord Workload(
        string name = "web",
        WorkloadKind? kind = null,
        string[]? secrets = null,
        string? rolledFor = null,
        DateTimeOffset? created = null,
        DateTimeOffset? restartedAt = null,
        RolloutProgress progress = RolloutProgress.Complete,
        bool optedOut = false,
        bool paused = false,
        string resourceVersion = "10",
        long generation = 1,
        string? uid = null) =>
        new(
            new WorkloadKey(kind ?? WorkloadKinds.Deployment, Ns, name),
            uid ?? $"uid-{name}",
            resourceVersion,
            created ?? T0.AddDays(-1),
            optedOut,
            RolledFor.Parse(rolledFor),
            restartedAt,
            secrets ?? ["db"],
            generation,
            paused,
            OnDelete: false,
            progress);

    /// <summary>Secret <paramref name="secret"/> pending at <paramref name="revision"/>, written at <see cref="T0"/> and first seen then.</summary>
    public static PendingRollout Pending(
        string secret = "db", long revision = 2, RestartPolicy? policy = null, DateTimeOffset? writtenAt = null, DateTimeOffset? seenAt = null) =>
        new(new SecretKey(Ns, secret), $"uid-{secret}", "100", revision, writtenAt ?? T0, policy ?? RestartPolicy.Auto, seenAt ?? T0);

    public static RestartPolicy Explicit(params string[] targets) =>
        new(RestartMode.Explicit, [.. targets.Select(t => new WorkloadRef(t.Split('/')[0], t.Split('/')[1]))]);
}
