using k8s.Models;
using Syncer.Restart;

namespace Syncer.Tests.Restart;

/// <summary>Rollout progress read from status as <c>kubectl rollout status</c> reads it.</summary>
public sealed class RolloutStatusTests
{
    private static V1Deployment Deployment(long generation, long observed, int replicas = 2, int updated = 2, int total = 2, int available = 2, string? progressing = "NewReplicaSetAvailable") => new()
    {
        Metadata = new V1ObjectMeta { Generation = generation },
        Spec = new V1DeploymentSpec { Replicas = replicas },
        Status = new V1DeploymentStatus
        {
            ObservedGeneration = observed,
            UpdatedReplicas = updated,
            Replicas = total,
            AvailableReplicas = available,
            Conditions = progressing is null ? null : [new V1DeploymentCondition { Type = "Progressing", Status = "True", Reason = progressing }],
        },
    };

    [Fact]
    public void Deployment_IsCompleteOnlyWhenObservedAndEveryReplicaUpdatedAndAvailable()
    {
        Assert.Equal(RolloutProgress.Complete, RolloutStatus.Of(Deployment(3, 3)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Deployment(4, 3)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Deployment(3, 3, updated: 1, total: 2)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Deployment(3, 3, total: 3)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Deployment(3, 3, available: 1)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(new V1Deployment { Metadata = new V1ObjectMeta { Generation = 1 } }));
    }

    [Fact]
    public void Deployment_PastItsProgressDeadline_IsStalled_OnceTheControllerHasObservedIt()
    {
        Assert.Equal(RolloutProgress.Stalled, RolloutStatus.Of(Deployment(3, 3, available: 1, progressing: "ProgressDeadlineExceeded")));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Deployment(4, 3, available: 1, progressing: "ProgressDeadlineExceeded")));
    }

    [Fact]
    public void StatefulSet_FollowsReadyReplicasPartitionAndRevisions()
    {
        V1StatefulSet Sts(int ready, int updated, string current, string update, int? partition = null, string strategy = "RollingUpdate") => new()
        {
            Metadata = new V1ObjectMeta { Generation = 2 },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 3,
                UpdateStrategy = new V1StatefulSetUpdateStrategy
                {
                    Type = strategy,
                    RollingUpdate = partition is null ? null : new V1RollingUpdateStatefulSetStrategy { Partition = partition },
                },
            },
            Status = new V1StatefulSetStatus { ObservedGeneration = 2, Replicas = 3, ReadyReplicas = ready, UpdatedReplicas = updated, CurrentRevision = current, UpdateRevision = update },
        };

        Assert.Equal(RolloutProgress.Complete, RolloutStatus.Of(Sts(3, 3, "r2", "r2")));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Sts(3, 1, "r1", "r2")));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Sts(2, 3, "r2", "r2")));
        Assert.Equal(RolloutProgress.Complete, RolloutStatus.Of(Sts(3, 3, "r1", "r2", partition: 0)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Sts(3, 2, "r1", "r2", partition: 0)));
        Assert.Equal(RolloutProgress.Complete, RolloutStatus.Of(Sts(3, 0, "r1", "r2", strategy: "OnDelete")));
    }

    [Fact]
    public void DaemonSet_FollowsUpdatedAndAvailableAgainstDesired()
    {
        V1DaemonSet Ds(long observed, int updated, int available, string strategy = "RollingUpdate") => new()
        {
            Metadata = new V1ObjectMeta { Generation = 2 },
            Spec = new V1DaemonSetSpec { UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = strategy } },
            Status = new V1DaemonSetStatus { ObservedGeneration = observed, DesiredNumberScheduled = 2, UpdatedNumberScheduled = updated, NumberAvailable = available },
        };

        Assert.Equal(RolloutProgress.Complete, RolloutStatus.Of(Ds(2, 2, 2)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Ds(1, 2, 2)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Ds(2, 1, 2)));
        Assert.Equal(RolloutProgress.InProgress, RolloutStatus.Of(Ds(2, 2, 1)));
        Assert.Equal(RolloutProgress.Complete, RolloutStatus.Of(Ds(1, 0, 0, strategy: "OnDelete")));
    }
}
