using Syncer.Restart;
using Syncer.Spec;
using Syncer.Sync;
using static Syncer.Tests.Restart.Support.Records;

namespace Syncer.Tests.Restart;

public sealed class WorkloadIndexTests
{
    [Fact]
    public void Consumers_FollowWhatEachWorkloadReferencesNow()
    {
        var index = new WorkloadIndex();
        index.Upsert(Workload("web", secrets: ["db", "api"]), T0);
        index.Upsert(Workload("worker", secrets: ["db"]), T0);

        index.Upsert(Workload("web", secrets: ["api"], resourceVersion: "11"), T0);

        Assert.Equal(["worker"], index.Consumers(Ns, "db").Select(w => w.Key.Name));
        Assert.Equal(["web"], index.Consumers(Ns, "api").Select(w => w.Key.Name));
        Assert.Empty(index.Consumers("billing", "db"));

        index.Remove(new WorkloadKey(WorkloadKinds.Deployment, Ns, "worker"));
        Assert.Empty(index.Consumers(Ns, "db"));
    }

    [Fact]
    public void Consumers_OfASecretManyWorkloadsReference_ListEachOnceThroughUpdatesAndRemovals()
    {
        var index = new WorkloadIndex();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            index.Upsert(Workload(name, secrets: ["db"]), T0);
        }

        index.Upsert(Workload("c", secrets: ["db"], resourceVersion: "11"), T0);
        index.Upsert(Workload("c", secrets: ["db"], resourceVersion: "12"), T0);
        index.Remove(new WorkloadKey(WorkloadKinds.Deployment, Ns, "b"));
        index.Remove(new WorkloadKey(WorkloadKinds.Deployment, Ns, "e"));
        index.Remove(new WorkloadKey(WorkloadKinds.Deployment, Ns, "e"));

        Assert.Equal(["a", "c", "d"], index.Consumers(Ns, "db").Select(w => w.Key.Name).Order(StringComparer.Ordinal));
        Assert.Equal("12", index.Consumers(Ns, "db").Single(w => w.Key.Name == "c").ResourceVersion);
    }

    [Fact]
    public void Upsert_NeverGoesBackToAnOlderResourceVersion()
    {
        var index = new WorkloadIndex();
        index.Upsert(Workload(rolledFor: "db=2", resourceVersion: "20"), T0); // Syncer's patch answered first

        var (_, kept) = index.Upsert(Workload(resourceVersion: "19"), T0); // the watch event from before the patch

        Assert.Equal("20", kept.ResourceVersion);
        Assert.Equal("20", index.Get(kept.Key)!.ResourceVersion);
    }

    [Fact]
    public void Upsert_KeepsWhenARolloutWasFirstSeenInProgress_UntilTheGenerationMovesOrItFinishes()
    {
        var index = new WorkloadIndex();
        index.Upsert(Workload(progress: RolloutProgress.InProgress, generation: 2), T0);

        var (_, same) = index.Upsert(Workload(progress: RolloutProgress.InProgress, generation: 2, resourceVersion: "11"), T0.AddMinutes(1));
        var (_, next) = index.Upsert(Workload(progress: RolloutProgress.InProgress, generation: 3, resourceVersion: "12"), T0.AddMinutes(2));
        var (_, done) = index.Upsert(Workload(progress: RolloutProgress.Complete, generation: 3, resourceVersion: "13"), T0.AddMinutes(3));

        Assert.Equal(T0, same.InProgressSince);
        Assert.Equal(T0.AddMinutes(2), next.InProgressSince);
        Assert.Null(done.InProgressSince);
    }

    [Fact]
    public void Rolling_HoldsOnlyWorkloadsSyncerRolledWhoseRolloutIsInProgressAndNotPaused()
    {
        var index = new WorkloadIndex();
        index.Upsert(Workload("ours", rolledFor: "db=2", progress: RolloutProgress.InProgress), T0);
        index.Upsert(Workload("someone-elses", progress: RolloutProgress.InProgress), T0);
        index.Upsert(Workload("paused", rolledFor: "db=2", progress: RolloutProgress.InProgress, paused: true), T0);
        index.Upsert(Workload("done", rolledFor: "db=2"), T0);

        Assert.Equal(["ours"], index.Rolling().Select(w => w.Key.Name));

        index.Upsert(Workload("ours", rolledFor: "db=2", resourceVersion: "11"), T0);
        Assert.Empty(index.Rolling());
    }

    [Fact]
    public void MayHaveConsumers_IsFalseOnlyWhenTheCompleteIndexHasNobodyToRoll()
    {
        var index = new WorkloadIndex();
        var db = new SecretKey(Ns, "db");
        Assert.True(index.MayHaveConsumers(db, RestartPolicy.Auto)); // not listed yet: cannot know
        Assert.False(index.MayHaveConsumers(db, RestartPolicy.None));

        index.MarkComplete();
        Assert.False(index.MayHaveConsumers(db, RestartPolicy.Auto));
        Assert.True(index.MayHaveConsumers(db, Explicit("deployment/gone")));

        index.Upsert(Workload("out", optedOut: true), T0);
        Assert.False(index.MayHaveConsumers(db, RestartPolicy.Auto));

        index.Upsert(Workload("web"), T0);
        Assert.True(index.MayHaveConsumers(db, RestartPolicy.Auto));
    }
}
