using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Syncer.Observability;
using Syncer.Scheduling;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Spec;
using static Syncer.Tests.Sync.ManagedSecretStoreTests;

namespace Syncer.Tests.Scheduling;

public sealed class SchedulePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly (string, string) Path = (SyncAnnotations.Path, "secret/shop/db");

    private readonly SchedulePlanner _planner = Planner(TimeSpan.Zero, seed: 42);
    private readonly ManagedSecretStore _store = new(new SyncerMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())), new FakeTimeProvider(Now));

    private static SchedulePlanner Planner(TimeSpan maxJitter, int seed) =>
        new(Options.Create(new SchedulingOptions { MaxJitter = maxJitter, RetryInitialDelay = TimeSpan.FromSeconds(5) }),
            SpecTestParser.Create(new SpecOptions { DefaultRefresh = TimeSpan.FromMinutes(5) }), new Random(seed));

    private static string Digest(string uid, params (string Key, string Value)[] annotations) =>
        SyncInputs.Digest(uid, SpecTestParser.Create().Parse(annotations.ToDictionary(a => a.Key, a => a.Value), "shop").Spec!);

    private SchedulePlan First(params (string Key, string Value)[] annotations) => First("uid-1", annotations);

    private SchedulePlan First(string uid, params (string Key, string Value)[] annotations)
    {
        var state = _store.Observe(Meta(uid: uid, annotations: annotations));
        return _planner.Plan(state, state.Observed, Now);
    }

    /// <summary>A Secret the scheduler acted on at resourceVersion 1, now seen at <paramref name="resourceVersion"/>.</summary>
    private SchedulePlan Then(string resourceVersion, string? verified, params (string Key, string Value)[] annotations)
    {
        var state = _store.Observe(Meta(annotations: [Path]));
        var plan = _planner.Plan(state, state.Observed, Now);
        (state.Applied, state.AppliedSchedule, state.VerifiedResourceVersion) = (state.Observed, plan.ScheduleKey, verified);
        state = _store.Observe(Meta(resourceVersion: resourceVersion, annotations: annotations));
        return _planner.Plan(state, state.Observed, Now);
    }

    [Fact]
    public void Plan_ForANewSecretNeverSynced_SyncsAtOnceAndSchedulesThePhase()
    {
        var plan = First("u-1", Path, (SyncAnnotations.Refresh, "1h"));

        Assert.Equal(SyncNow.AtOnce, plan.Now);
        Assert.Equal(TimeSpan.FromHours(1), plan.Periodic!.Interval);
        Assert.Equal(PhaseSpread.NextFire("u-1", TimeSpan.FromHours(1), Now), plan.Periodic.StartAt);
    }

    [Fact]
    public void Plan_AtStartForASecretWhoseInputsAreTheOnesLastSynced_WaitsForItsPhase()
    {
        var plan = First(Path, (SyncAnnotations.SyncedInputs, Digest("uid-1", Path)), (SyncAnnotations.DataHash, "hmac-sha256:1"));

        Assert.Equal(SyncNow.No, plan.Now);
        Assert.Equal(TimeSpan.FromMinutes(5), plan.Periodic!.Interval);
    }

    [Fact]
    public void Plan_AtStartAfterThePathChangedWhileSyncerWasDown_SyncsAtOnce()
    {
        var plan = First((SyncAnnotations.Path, "secret/shop/other"), (SyncAnnotations.SyncedInputs, Digest("uid-1", Path)));

        Assert.Equal(SyncNow.AtOnce, plan.Now);
    }

    [Fact]
    public void Plan_AtStartAfterAForceSyncWhileSyncerWasDown_SyncsAtOnce()
    {
        var plan = First(Path, (SyncAnnotations.ForceSync, "2026-11-23T08:59:00Z"), (SyncAnnotations.SyncedInputs, Digest("uid-1", Path)));

        Assert.Equal(SyncNow.AtOnce, plan.Now);
    }

    [Fact]
    public void Plan_ForASecretCopiedWithItsAnnotations_SyncsAtOnce()
    {
        var plan = First("copy-uid", Path, (SyncAnnotations.SyncedInputs, Digest("original-uid", Path)));

        Assert.Equal(SyncNow.AtOnce, plan.Now);
    }

    [Fact]
    public void Plan_AtStartForASecretSyncedByAnOlderSyncerWithoutADigest_KeepsItsSpreadSchedule()
    {
        var plan = First(Path, (SyncAnnotations.SyncedAt, "2026-11-23T08:00:00Z"));

        Assert.Equal(SyncNow.No, plan.Now);
    }

    [Fact]
    public void Plan_AtStartForAFailingSecret_RetriesWithinTheFirstBackoffSpreadByUid()
    {
        var delays = Enumerable.Range(0, 200)
            .Select(i => First($"uid-{i}", Path, (SyncAnnotations.SyncedInputs, Digest($"uid-{i}", Path)), (SyncAnnotations.Error, "Vault is sealed")).Now)
            .ToList();

        Assert.All(delays, d => Assert.True(d.Wanted && d.Delay >= TimeSpan.Zero && d.Delay < TimeSpan.FromSeconds(5)));
        Assert.True(delays.Select(d => d.Delay).Distinct().Count() > 150, "failing Secrets are spread, not retried all at once");
    }

    [Fact]
    public void Plan_WhenOnlySyncersOwnWriteMovedTheResourceVersion_DoesNothing()
    {
        var plan = Then("2", verified: "2", Path, (SyncAnnotations.SyncedAt, "2026-11-23T09:00:00Z"));

        Assert.Equal(SyncNow.No, plan.Now);
        Assert.Null(plan.Periodic);
    }

    [Fact]
    public void Plan_WhenTheResourceVersionMovedWithoutSyncer_SyncsAtOnceAndKeepsThePeriodicTrigger()
    {
        var plan = Then("2", verified: "1", (SyncAnnotations.Path, "secret/shop/other"));

        Assert.Equal(SyncNow.AtOnce, plan.Now);
        Assert.Null(plan.Periodic);
    }

    [Fact]
    public void Plan_WhenOnlyAnAnnotationOutsideTheContractChangedByHand_SyncsAtOnceAndKeepsThePeriodicTrigger()
    {
        // The snapshot keeps no annotation outside the contract: the hand edit is seen by its resourceVersion alone.
        var plan = Then("2", verified: "1", Path, ("team.example.com/owner", "someone else"));

        Assert.Equal(SyncNow.AtOnce, plan.Now);
        Assert.Null(plan.Periodic);
    }

    [Fact]
    public void Plan_WhenSyncerWroteAndAnAnnotationOutsideTheContractIsThere_DoesNothing()
    {
        var plan = Then("2", verified: "2", Path, ("team.example.com/owner", "shop"), ("kubectl.kubernetes.io/last-applied-configuration", "{}"));

        Assert.Equal(SyncNow.No, plan.Now);
        Assert.Null(plan.Periodic);
    }

    [Fact]
    public void Plan_WhenTheSecretWasCreatedAgainUnderItsName_RebuildsThePeriodicTriggerForTheNewUid()
    {
        var state = _store.Observe(Meta(uid: "uid-1", annotations: [Path]));
        var plan = _planner.Plan(state, state.Observed, Now);
        (state.Applied, state.AppliedSchedule) = (state.Observed, plan.ScheduleKey);

        state = _store.Observe(Meta(uid: "uid-2", resourceVersion: "7", annotations: [Path]));
        plan = _planner.Plan(state, state.Observed, Now);

        Assert.Equal(PhaseSpread.NextFire("uid-2", TimeSpan.FromMinutes(5), Now), plan.Periodic!.StartAt); // the new uid's phase
    }

    [Fact]
    public void Plan_WhenRefreshChanged_RebuildsThePeriodicTrigger()
    {
        var plan = Then("2", verified: "1", Path, (SyncAnnotations.Refresh, "30s"));

        Assert.Equal(TimeSpan.FromSeconds(30), plan.Periodic!.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Interval);
        Assert.Equal(SyncNow.AtOnce, plan.Now);
    }

    [Fact]
    public void Plan_WithACronSchedule_UsesItAndItsShortestGapAsTheInterval()
    {
        var plan = First(Path, (SyncAnnotations.Schedule, "0 0/15 * * * ?"));

        Assert.Equal("0 0/15 * * * ?", plan.Periodic!.Cron);
        Assert.Equal(TimeSpan.FromMinutes(15), plan.Periodic.Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), plan.Interval);
    }

    [Fact]
    public void Plan_WithAMalformedRefresh_UsesTheDefaultIntervalAndSyncsToReportIt()
    {
        var plan = First(Path, (SyncAnnotations.Refresh, "soon"));

        Assert.Equal(TimeSpan.FromMinutes(5), plan.Periodic!.Interval);
        Assert.Equal(SyncNow.AtOnce, plan.Now);
    }

    [Fact]
    public void Plan_WithJitter_StartsNoEarlierThanThePhaseAndWithinATenthOfTheInterval()
    {
        var planner = Planner(TimeSpan.FromMinutes(10), seed: 3);
        var phase = PhaseSpread.NextFire("u-9", TimeSpan.FromMinutes(5), Now);
        var state = _store.Observe(Meta(uid: "u-9", annotations: [Path]));

        var plan = planner.Plan(state, state.Observed, Now);

        Assert.InRange(plan.Periodic!.StartAt, phase, phase + TimeSpan.FromSeconds(30));
    }
}
