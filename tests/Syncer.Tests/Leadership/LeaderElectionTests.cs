using System.Net;
using k8s;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Restart.Support;

namespace Syncer.Tests.Leadership;

/// <summary>
/// Two replicas (real hosts, distinct identities) against the doubles: one leads and only it writes; it hands over when
/// it stops (released: at once) or loses the Lease (taken, or its renewals refused: after the lease duration), and
/// never two lead at once. Timings come from the Lease itself (its renew and acquire times), not from the test's clock.
/// </summary>
public sealed class LeaderElectionTests
{
    /// <summary>Long enough that no renewal misses its deadline on a loaded machine.</summary>
    private static readonly TimeSpan SteadyLease = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<string, string?> Steady = Replicas.Timings(SteadyLease, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250));

    /// <summary>Short, for takeovers that wait out a lease.</summary>
    private static readonly TimeSpan QuickLease = TimeSpan.FromSeconds(4);
    private static readonly Dictionary<string, string?> Quick = Replicas.Timings(QuickLease, TimeSpan.FromSeconds(2.5), TimeSpan.FromMilliseconds(250));

    [Fact(Timeout = 90_000)]
    public async Task TwoReplicasStartingTogether_ElectOne_AndOnlyTheLeaderWrites_WhileTheStandbyKeepsItsCacheWarm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var set = await Replicas.CreateAsync(ct);
        await Task.WhenAll(set.StartAsync("replica-a", Steady, ct), set.StartAsync("replica-b", Steady, ct));
        var leader = await set.OneLeaderAsync(ct);
        var standby = set.All.Single(r => r != leader);
        var names = Enumerable.Range(0, 10).Select(i => $"app-{i}").ToList();

        foreach (var name in names)
        {
            set.WriteVault(name, "v1");
            await set.CreateSecretAsync(name, "1s", ct);
        }

        await Eventually.HoldsAsync(async () => (await Task.WhenAll(names.Select(n => set.ValueAsync(n, ct)))).All(v => v == "v1"), "every Secret filled", ct, TimeSpan.FromSeconds(30));
        names.ForEach(name => set.WriteVault(name, "v2"));
        await Eventually.HoldsAsync(async () => (await Task.WhenAll(names.Select(n => set.ValueAsync(n, ct)))).All(v => v == "v2"), "every rotation synced", ct, TimeSpan.FromSeconds(30));

        Assert.True(leader.IsLeader && !standby.IsLeader, "leadership changed during the test: the counts below would not say who may write");
        Assert.Equal(0, standby.SecretPatches);
        Assert.Equal(0, standby.Requests.Count(HttpMethod.Get, "secrets"));
        Assert.True(leader.SecretPatches >= 2 * names.Count, $"the leader wrote {leader.SecretPatches} times");
        Assert.Equal(set.Api.Requests.Count("patch", "secrets"), leader.SecretPatches);
        // Warm: the standby indexed every Secret and holds its periodic trigger; it is ready.
        Assert.Equal(names.Count, standby.Store.Count);
        Assert.True(await standby.HasJobAsync(new SecretKey(Replicas.Namespace, names[0]), ct));
        Assert.Equal(HttpStatusCode.OK, (await standby.GetAsync("/readyz", ct)).StatusCode);
        Assert.Equal((1, 0), (leader.Metrics.LeaderGauge.Value, standby.Metrics.LeaderGauge.Value));
        var standbyMetrics = await (await standby.GetAsync("/metrics", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("\nsyncer_stalest_secret_age_seconds 0\n", standbyMetrics, StringComparison.Ordinal);
        Assert.True(leader.Logged($"{leader.Identity} leads (Lease syncer-system/syncer-leader)"), "the leadership change is logged");
    }

    [Fact(Timeout = 60_000)]
    public async Task GracefulStop_ReleasesTheLease_AndTheStandbyLeadsBeforeItWouldHaveExpired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var set = await Replicas.CreateAsync(ct);
        var (leader, standby) = await set.StartLeaderAndStandbyAsync(Steady, ct);
        var renewedBeforeStop = (await set.LeaseAsync(ct)).Spec.RenewTime!.Value;

        await leader.StopAsync(ct);
        var afterStop = await set.LeaseAsync(ct);
        await Eventually.HoldsAsync(() => standby.IsLeader, "the standby leads", ct, TimeSpan.FromSeconds(30));
        var lease = await set.LeaseAsync(ct);

        Assert.NotEqual(leader.Identity, afterStop.Spec.HolderIdentity); // released ("") or already taken over
        Assert.Equal(standby.Identity, lease.Spec.HolderIdentity);
        // Without the release the standby could not acquire before the last renewal plus the lease duration.
        var handover = lease.Spec.AcquireTime!.Value - renewedBeforeStop;
        TestContext.Current.TestOutputHelper?.WriteLine($"graceful handover: the standby acquired {handover.TotalMilliseconds:F0} ms after the leader's last renewal before its stop");
        Assert.True(handover < SteadyLease, $"took over {handover} after the leader's last renewal before its stop");
        Assert.True(leader.Logged("replica-a released Lease syncer-system/syncer-leader on shutdown"));
        Assert.Equal(0, leader.Metrics.LeaderGauge.Value);
    }

    [Fact(Timeout = 90_000)]
    public async Task LeaseTakenBySomeoneElse_TheLeaderStopsAtOnce_NobodyWritesWhileItIsHeld_AndTheNewLeaderPlansAfresh()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var set = await Replicas.CreateAsync(ct);
        var (leader, _) = await set.StartLeaderAndStandbyAsync(Quick, ct);
        set.WriteVault("late", "late");
        await set.FilledAsync("db", "v1", "1s", ct);

        var intruderRenewed = await set.TakeLeaseAsync("intruder", (int)QuickLease.TotalSeconds, ct);
        await Eventually.HoldsAsync(() => set.All.All(r => !r.IsLeader), "the leader stepped down", ct);
        var writesBefore = set.SecretPatches;
        // While the intruder holds the Lease: a Vault change (refreshed every second) and a new Secret that only a
        // fresh plan syncs (hourly refresh); neither may be written until a replica leads again.
        set.WriteVault("db", "v2");
        await set.CreateSecretAsync("late", "1h", ct);
        await Eventually.HoldsAsync(
            () =>
            {
                var writes = set.SecretPatches; // read before leadership: a write implies a leader by now
                var leading = set.All.Any(r => r.IsLeader);
                Assert.True(leading || writes == writesBefore, "a replica wrote while the intruder held the Lease");
                return leading;
            },
            "a replica leads again",
            ct,
            TimeSpan.FromSeconds(30));
        var newLeader = await set.OneLeaderAsync(ct);
        var lease = await set.LeaseAsync(ct);

        Assert.True(leader.Logged("lost leadership (Lease syncer-system/syncer-leader): the Lease is held by intruder"), "stopped on seeing the intruder, not at its renew deadline");
        Assert.Equal(newLeader.Identity, lease.Spec.HolderIdentity);
        // Not before the intruder's lease expired (less a retry period: the acquire time is stamped just before the
        // check), and well within a second lease duration after it.
        var waited = lease.Spec.AcquireTime!.Value - intruderRenewed;
        TestContext.Current.TestOutputHelper?.WriteLine($"takeover after the intruder's last renewal: {waited.TotalMilliseconds:F0} ms (lease duration {QuickLease.TotalMilliseconds:F0} ms)");
        Assert.InRange(waited, QuickLease - TimeSpan.FromMilliseconds(250), 2 * QuickLease);
        await set.HoldsValueAsync("db", "v2", "the new leader syncs the change", ct);
        await set.HoldsValueAsync("late", "late", "the new leader fills the Secret created meanwhile", ct);
    }

    [Fact(Timeout = 90_000)]
    public async Task RenewalsRefused_TheLeaderStopsAtItsRenewDeadline_AndTheStandbyTakesOverOnceTheLeaseExpires_NeverBothLeading()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var set = await Replicas.CreateAsync(ct);
        var (leader, standby) = await set.StartLeaderAndStandbyAsync(Quick, ct);

        set.RefuseLeaseUpdates(leader);
        bool NeverBoth(Func<bool> until)
        {
            Assert.False(leader.IsLeader && standby.IsLeader, "both replicas led at once");
            return until();
        }

        await Eventually.HoldsAsync(() => NeverBoth(() => !leader.IsLeader), "the leader gave up", ct);
        var gaveUp = (await set.LeaseAsync(ct)).Spec; // its last successful renewal: none can land after it gave up
        await Eventually.HoldsAsync(() => NeverBoth(() => standby.IsLeader), "the standby leads", ct, TimeSpan.FromSeconds(30));
        var lease = await set.LeaseAsync(ct);
        var waited = lease.Spec.AcquireTime!.Value - gaveUp.RenewTime!.Value;
        TestContext.Current.TestOutputHelper?.WriteLine($"renewals refused: the standby acquired {waited.TotalMilliseconds:F0} ms after the leader's last renewal (lease duration {QuickLease.TotalMilliseconds:F0} ms)");

        Assert.Equal(leader.Identity, gaveUp.HolderIdentity);
        Assert.True(leader.Logged("could not renew the Lease within the renew deadline"));
        Assert.Equal(standby.Identity, lease.Spec.HolderIdentity);
        Assert.InRange(waited, QuickLease - TimeSpan.FromMilliseconds(250), 2 * QuickLease); // waited the lease out, no longer
    }

    [Fact(Timeout = 90_000)]
    public async Task ASyncRunningWhenTheLeaseIsLost_IsCancelledWithoutAWrite_AndTheChangeIsSyncedOnceByTheNextLeader()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var set = await Replicas.CreateAsync(ct);
        var (leader, _) = await set.StartLeaderAndStandbyAsync(Quick, ct);
        await set.FilledAsync("db", "v1", "1h", ct);
        var writesBefore = set.SecretPatches;

        // Vault answers slowly, so the sync is still reading when the Lease goes.
        await set.ChangeBeingSyncedAsync(leader, "db", "v2", TimeSpan.FromSeconds(3), ct);
        await set.TakeLeaseAsync("intruder", (int)QuickLease.TotalSeconds, ct);
        await Eventually.HoldsAsync(() => leader.Dispatcher.Running == 0, "the running sync stopped", ct);
        set.Vault.Faults.Latency = TimeSpan.Zero;

        Assert.True(leader.Logged("Sync of shop/db stopped: this replica lost leadership"));
        Assert.Equal(writesBefore, set.SecretPatches); // nothing written, not even in part
        await set.OneLeaderAsync(ct, TimeSpan.FromSeconds(30));
        await set.HoldsValueAsync("db", "v2", "the next leader syncs the change", ct);
        await set.LeaseRenewedForAsync(TimeSpan.FromSeconds(1), ct); // room for a second write, were there one
        Assert.Equal(writesBefore + 1, set.SecretPatches);
    }

    [Fact(Timeout = 90_000)]
    public async Task AChangeDuringAGracefulHandover_IsFinishedByTheLeavingLeader_NotWrittenAgainByTheNext_AndRollsEachConsumerOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var set = await Replicas.CreateAsync(ct);
        await using var controllers = await ClusterControllers.StartAsync(set.Api, cancellationToken: ct); // a rollout is a new ReplicaSet
        var settings = new Dictionary<string, string?>(Steady) { ["Syncer:Restart:Debounce"] = "00:00:01" };
        var (leader, standby) = await set.StartLeaderAndStandbyAsync(settings, ct);
        await set.ConsumerAsync("web", "db");
        await set.ConsumerAsync("other", "unrelated");
        await set.FilledAsync("db", "v1", "1h", ct);
        await Eventually.HoldsAsync(() => standby.Store.Count == 1, "the standby is warm", ct);
        var writesBefore = leader.SecretPatches;

        await set.ChangeBeingSyncedAsync(leader, "db", "v2", TimeSpan.FromSeconds(1), ct);
        await leader.StopAsync(ct);
        set.Vault.Faults.Latency = TimeSpan.Zero;
        await Eventually.HoldsAsync(() => standby.IsLeader && standby.Logged("Leading: planning 1 Secrets afresh"), "the standby took over and planned", ct);
        await Eventually.HoldsAsync(async () => await set.RolledForAsync("web") == "db=2", "web is rolled for the change", ct);
        await set.LeaseRenewedForAsync(TimeSpan.FromSeconds(3), ct); // room for a second write or rollout, were there one

        Assert.Equal("v2", await set.ValueAsync("db", ct));
        Assert.Equal(writesBefore + 1, leader.SecretPatches); // the running sync finished before the Lease was released
        Assert.Equal(1, standby.SecretPatches);               // its fresh plan found the data in step: only the pending mark's removal
        Assert.Equal("2", await set.Cluster.AnnotationAsync(Replicas.Namespace, "db", SyncAnnotations.DataRevision, ct)); // one data change
        Assert.Null(await set.Cluster.AnnotationAsync(Replicas.Namespace, "db", SyncAnnotations.RolloutPending, ct));
        Assert.Equal(1, set.DeploymentPatches);               // web rolled once, by one of the two
        Assert.Equal(1, await new WorkloadHelper(set.Cluster.Client).RolloutsAsync("deployment", "web")); // one new ReplicaSet
        Assert.Null(await set.RolledForAsync("other"));   // a non-consumer is left alone
    }
}
