using k8s.Models;
using Syncer.Restart;
using Syncer.Spec;

namespace Syncer.Tests.Restart;

/// <summary>The rows of the workload table read what the index keeps from each kind's object.</summary>
public sealed class WorkloadKindsTests
{
    private static V1PodTemplateSpec Template(string secret, string? restartedAt = null) => new()
    {
        Metadata = new V1ObjectMeta { Annotations = restartedAt is null ? null : new Dictionary<string, string> { [SyncAnnotations.RestartedAt] = restartedAt } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret } }] }] },
    };

    private static V1ObjectMeta Metadata(string name, Dictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = "shop",
        Uid = $"uid-{name}",
        ResourceVersion = "42",
        Generation = 3,
        CreationTimestamp = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc),
        Annotations = annotations,
    };

    [Fact]
    public void Deployment_Record_KeepsIdentityReferencesAnnotationsAndProgress()
    {
        var deployment = new V1Deployment
        {
            Metadata = Metadata("web", new() { [SyncAnnotations.RolledFor] = "db=2", [SyncAnnotations.WorkloadRestart] = "False", ["big"] = new string('x', 1000) }),
            Spec = new V1DeploymentSpec { Paused = true, Template = Template("db", "2026-05-01T09:00:00Z") },
        };

        var record = WorkloadKinds.Deployment.Record(deployment);

        Assert.Equal(new WorkloadKey(WorkloadKinds.Deployment, "shop", "web"), record.Key);
        Assert.Equal(("uid-web", "42", 3L), (record.Uid, record.ResourceVersion, record.Generation));
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero), record.Created);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero), record.RestartedAt);
        Assert.Equal(new Dictionary<string, long> { ["db"] = 2 }, record.RolledFor);
        Assert.Equal(["db"], record.Secrets);
        Assert.True(record.OptedOut);
        Assert.True(record.Paused);
        Assert.False(record.OnDelete);
        Assert.Equal(RolloutProgress.InProgress, record.Progress); // no status yet
    }

    [Fact]
    public void StatefulSetAndDaemonSet_Records_ReadOnDeleteAndNeedSyncersOwnDeadline()
    {
        var statefulSet = WorkloadKinds.StatefulSet.Record(new V1StatefulSet
        {
            Metadata = Metadata("db"),
            Spec = new V1StatefulSetSpec { Template = Template("db"), UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" } },
        });
        var daemonSet = WorkloadKinds.DaemonSet.Record(new V1DaemonSet { Metadata = Metadata("agent"), Spec = new V1DaemonSetSpec { Template = Template("db") } });

        Assert.True(statefulSet.OnDelete);
        Assert.Equal(RolloutProgress.Complete, statefulSet.Progress);
        Assert.False(statefulSet.OptedOut);
        Assert.False(daemonSet.OnDelete);
        Assert.True(statefulSet.Key.Kind.NeedsOwnDeadline && daemonSet.Key.Kind.NeedsOwnDeadline);
        Assert.False(WorkloadKinds.Deployment.NeedsOwnDeadline);
        Assert.Same(WorkloadKinds.DaemonSet, WorkloadKinds.ByName("daemonset"));
    }
}
