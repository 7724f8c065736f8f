using Microsoft.Extensions.Options;
using Syncer.Restart;
using Syncer.Spec;
using static Syncer.Tests.Restart.Support.Records;

namespace Syncer.Tests.Restart;

public sealed class RestartPlannerTests
{
    private static readonly RestartOptions s_options = new() { Debounce = TimeSpan.FromSeconds(5), MaxRolloutsInProgress = 2, ProgressDeadline = TimeSpan.FromMinutes(10) };
    private static readonly RestartPlanner s_planner = new(Options.Create(s_options));
    private static readonly DateTimeOffset s_afterWindow = T0.AddSeconds(6);

    private static WorkloadDecision Plan(WorkloadRecord workload, int inProgress = 0, DateTimeOffset? now = null, params PendingRollout[] pending) =>
        s_planner.PlanWorkload(workload, pending.Length == 0 ? [Pending()] : pending, inProgress, now ?? s_afterWindow);

    [Fact]
    public void Owes_AConsumerNeverRolledForTheSecret()
    {
        Assert.True(RestartPlanner.Owes(Workload(), Pending(revision: 2)));
        Assert.True(RestartPlanner.Owes(Workload(rolledFor: "db=2"), Pending(revision: 3)));
    }

    [Fact]
    public void Owes_NothingOnceItsRolledForReachesThePendingRevision()
    {
        Assert.False(RestartPlanner.Owes(Workload(rolledFor: "api=7,db=3"), Pending(revision: 3)));
    }

    [Fact]
    public void Owes_NothingWhenCreatedAfterTheRevisionWasWritten_ButARolloutWhenCreatedInTheSameSecond()
    {
        Assert.False(RestartPlanner.Owes(Workload(created: T0.AddSeconds(1)), Pending(writtenAt: T0)));
        Assert.True(RestartPlanner.Owes(Workload(created: T0), Pending(writtenAt: T0)));
        Assert.True(RestartPlanner.Owes(Workload(created: T0.AddSeconds(-1)), Pending(writtenAt: T0)));
    }

    [Fact]
    public void Owes_ARolloutWhenItsRecordIsOfAnEarlierSecretOfTheSameName()
    {
        // db was deleted and created again: its revisions started over, below what the workload was rolled for.
        var rolledForTheOldSecret = Workload(rolledFor: "db=7", restartedAt: T0.AddDays(-2));

        Assert.True(RestartPlanner.Owes(rolledForTheOldSecret, Pending(revision: 2, writtenAt: T0)));
    }

    [Fact]
    public void Owes_NothingWhenItWasRolledForALaterRevisionThanThisProcessHasSeen()
    {
        var rolledAfterTheWrite = Workload(rolledFor: "db=3", restartedAt: T0.AddSeconds(30));

        Assert.False(RestartPlanner.Owes(rolledAfterTheWrite, Pending(revision: 2, writtenAt: T0)));
    }

    [Fact]
    public void PlanWorkload_WithinTheDebounceWindow_WaitsForTheRestOfIt()
    {
        var decision = Plan(Workload(), now: T0.AddSeconds(2));

        Assert.Equal(WorkloadAction.Later, decision.Action);
        Assert.Equal(TimeSpan.FromSeconds(3), decision.Delay);
    }

    [Fact]
    public void PlanWorkload_TwoSecretsPending_RollsOnceForBothWhenTheFirstWindowCloses()
    {
        var decision = Plan(Workload(secrets: ["api", "db"]), now: T0.AddSeconds(5),
            pending: [Pending("db", 3, seenAt: T0.AddSeconds(4)), Pending("api", 2, seenAt: T0)]);

        Assert.Equal(WorkloadAction.Roll, decision.Action);
        Assert.Equal(["api", "db"], decision.Owed.Select(p => p.Key.Name));
        Assert.Equal("Secrets api (revision 2), db (revision 3)", decision.Describe());
    }

    [Fact]
    public void PlanWorkload_OnlyForSecretsItsPolicyTargets()
    {
        Assert.Equal(WorkloadAction.Nothing, Plan(Workload(secrets: ["other"])).Action);
        Assert.Equal(WorkloadAction.Nothing, Plan(Workload(), pending: Pending(policy: RestartPolicy.None)).Action);
        Assert.Equal(WorkloadAction.Nothing, Plan(Workload(name: "web"), pending: Pending(policy: Explicit("deployment/api"))).Action);
        Assert.Equal(WorkloadAction.Roll, Plan(Workload(name: "api", secrets: []), pending: Pending(policy: Explicit("deployment/api"))).Action);
        Assert.Equal(WorkloadAction.Nothing, Plan(Workload(name: "api", kind: WorkloadKinds.StatefulSet), pending: Pending(policy: Explicit("deployment/api"))).Action);
    }

    [Fact]
    public void PlanWorkload_WhenOptedOut_RollsNothing()
    {
        Assert.Equal(WorkloadAction.Nothing, Plan(Workload(optedOut: true)).Action);
    }

    [Fact]
    public void PlanWorkload_WhenPaused_WaitsWithoutAPatch()
    {
        Assert.Equal(WorkloadAction.Paused, Plan(Workload(paused: true)).Action);
    }

    [Fact]
    public void PlanWorkload_WhileItsPreviousRolloutIsInProgress_WaitsForIt()
    {
        Assert.Equal(WorkloadAction.InProgress, Plan(Workload(progress: RolloutProgress.InProgress)).Action);
    }

    [Fact]
    public void PlanWorkload_WhenTheCapIsFull_WaitsForASlot()
    {
        Assert.Equal(WorkloadAction.Cap, Plan(Workload(), inProgress: 2).Action);
        Assert.Equal(WorkloadAction.Roll, Plan(Workload(), inProgress: 1).Action);
    }

    [Fact]
    public void PlanWorkload_AStalledRollout_NeitherBlocksTheNextChangeNorHoldsASlot()
    {
        var stalledDeployment = Workload(progress: RolloutProgress.Stalled, rolledFor: "db=1");
        var longRollingStatefulSet = Workload(kind: WorkloadKinds.StatefulSet, progress: RolloutProgress.InProgress, rolledFor: "db=1") with
        {
            InProgressSince = s_afterWindow - s_options.ProgressDeadline,
        };

        Assert.Equal(WorkloadAction.Roll, Plan(stalledDeployment).Action);
        Assert.Equal(WorkloadAction.Roll, Plan(longRollingStatefulSet).Action);
        Assert.Equal(0, s_planner.InProgress([stalledDeployment, longRollingStatefulSet], s_afterWindow));
        Assert.Equal(1, s_planner.InProgress([longRollingStatefulSet], s_afterWindow - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void PlanCompletion_WaitsWhileAConsumerStillOwesTheRevision()
    {
        var decision = RestartPlanner.PlanCompletion(Pending(revision: 3), [Workload("a", rolledFor: "db=3"), Workload("b", rolledFor: "db=2")]);

        Assert.False(decision.Done);
    }

    [Fact]
    public void PlanCompletion_IsDoneWhenEveryConsumerIsRolledCreatedAfterOrOptedOut_AndNamesTheRolled()
    {
        var consumers = new[]
        {
            Workload("rolled", rolledFor: "db=3"),
            Workload("new", created: T0.AddSeconds(1)),
            Workload("out", optedOut: true),
        };

        var decision = RestartPlanner.PlanCompletion(Pending(revision: 3), consumers);

        Assert.True(decision.Done);
        Assert.Equal(["rolled"], decision.Rolled.Select(w => w.Key.Name));
    }

    [Fact]
    public void PlanCompletion_WaitsWhileTheRestartAnnotationIsInvalid()
    {
        Assert.False(RestartPlanner.PlanCompletion(Pending() with { Policy = null }, []).Done);
        Assert.True(RestartPlanner.PlanCompletion(Pending(), []).Done);
    }
}
