using Microsoft.Extensions.Options;
using Syncer.Discovery;
using Syncer.Scheduling;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Discovery;

namespace Syncer.Tests.Scheduling;

public sealed class SchedulePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly (string, string) Path = (WatchedAnnotations.Path, "secret/shop/db");

    private readonly SchedulePlanner _planner = Planner(TimeSpan.Zero, seed: 42);

    private static SchedulePlanner Planner(TimeSpan maxJitter, int seed)
    {
        var sync = Options.Create(new SyncOptions { DefaultRefresh = TimeSpan.FromMinutes(5) });
        return new(Options.Create(new SchedulingOptions { MaxJitter = maxJitter }), sync, new SyncSpecParser(sync, TimeProvider.System), new Random(seed));
    }

    [Fact]
    public void Plan_ForASecretCreatedAfterStart_SyncsAtOnceAndSchedulesThePhase()
    {
        var secret = WatchedSecrets.Create(uid: "u-1", annotations: [Path, (WatchedAnnotations.Refresh, "1h")]);

        var plan = _planner.Plan(null, secret, Now);

        Assert.Equal(ImmediateSync.Sync, plan.Immediate);
        Assert.Equal(TimeSpan.FromHours(1), plan.Periodic!.Interval);
        Assert.Equal(PhaseSpread.NextFire("u-1", TimeSpan.FromHours(1), Now), plan.Periodic.StartAt);
    }

    [Fact]
    public void Plan_ForAFilledSecretFromTheInitialList_WaitsForItsPhase()
    {
        var plan = _planner.Plan(null, WatchedSecrets.Create(fromInitialList: true, synced: true, annotations: Path), Now);

        Assert.Equal(ImmediateSync.None, plan.Immediate);
        Assert.Equal(TimeSpan.FromMinutes(5), plan.Periodic!.Interval);
    }

    [Theory]
    [InlineData(false, false)] // never filled
    [InlineData(true, true)] // last sync failed
    public void Plan_ForAnUnfilledOrFailingSecretFromTheInitialList_SyncsAtOnce(bool synced, bool error)
    {
        var plan = _planner.Plan(null, WatchedSecrets.Create(fromInitialList: true, synced: synced, error: error, annotations: Path), Now);

        Assert.Equal(ImmediateSync.Sync, plan.Immediate);
    }

    [Fact]
    public void Plan_WhenOnlyStatusChanged_DoesNothing()
    {
        var before = WatchedSecrets.Create(annotations: Path);

        var plan = _planner.Plan(before, before with { ResourceVersion = "2", HasBeenSynced = true }, Now);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Plan_WhenThePathChanged_SyncsAtOnceAndKeepsThePeriodicTrigger()
    {
        var plan = _planner.Plan(
            WatchedSecrets.Create(annotations: Path),
            WatchedSecrets.Create(annotations: (WatchedAnnotations.Path, "secret/shop/other")),
            Now);

        Assert.Equal(ImmediateSync.Sync, plan.Immediate);
        Assert.Null(plan.Periodic);
    }

    [Fact]
    public void Plan_WhenRefreshChanged_RebuildsThePeriodicTrigger()
    {
        var plan = _planner.Plan(
            WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.Refresh, "5m")]),
            WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.Refresh, "30s")]),
            Now);

        Assert.Equal(TimeSpan.FromSeconds(30), plan.Periodic!.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Periodic.RetryBound);
        Assert.Equal(ImmediateSync.Sync, plan.Immediate);
    }

    [Fact]
    public void Plan_WhenForceSyncChanged_ForcesAFreshRead()
    {
        var plan = _planner.Plan(
            WatchedSecrets.Create(annotations: Path),
            WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.ForceSync, "2026-11-23T09:00:00Z")]),
            Now);

        Assert.Equal(ImmediateSync.ForceFreshRead, plan.Immediate);
        Assert.Null(plan.Periodic);
    }

    [Fact]
    public void Plan_WhenTheSecretWasRecreated_SyncsAtOnceWithANewPhase()
    {
        var plan = _planner.Plan(WatchedSecrets.Create(uid: "old", synced: true), WatchedSecrets.Create(uid: "new"), Now);

        Assert.Equal(ImmediateSync.Sync, plan.Immediate);
        Assert.Equal(PhaseSpread.NextFire("new", TimeSpan.FromMinutes(5), Now), plan.Periodic!.StartAt);
    }

    [Fact]
    public void Plan_WithACronSchedule_UsesItAndBoundsRetriesByItsGap()
    {
        var plan = _planner.Plan(null, WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.Schedule, "0 0/15 * * * ?")]), Now);

        Assert.Equal("0 0/15 * * * ?", plan.Periodic!.Cron);
        Assert.Null(plan.Periodic.Interval);
        Assert.Equal(TimeSpan.FromMinutes(15), plan.Periodic.RetryBound);
    }

    [Fact]
    public void Plan_WithAMalformedRefresh_UsesTheDefaultInterval()
    {
        var plan = _planner.Plan(null, WatchedSecrets.Create(annotations: [Path, (WatchedAnnotations.Refresh, "soon")]), Now);

        Assert.Equal(TimeSpan.FromMinutes(5), plan.Periodic!.Interval);
    }

    [Fact]
    public void Plan_WithJitter_StartsNoEarlierThanThePhaseAndWithinATenthOfTheInterval()
    {
        var planner = Planner(TimeSpan.FromMinutes(10), seed: 3);
        var phase = PhaseSpread.NextFire("u-9", TimeSpan.FromMinutes(5), Now);

        var plan = planner.Plan(null, WatchedSecrets.Create(uid: "u-9"), Now);

        Assert.InRange(plan.Periodic!.StartAt, phase, phase + TimeSpan.FromSeconds(30));
    }
}
