using System.Text.Json.Nodes;
using Syncer.Restart;
using Syncer.Spec;
using static Syncer.Tests.Restart.Support.Records;

namespace Syncer.Tests.Restart;

public sealed class RolloutPatchTests
{
    [Fact]
    public void Build_IsOneGuardedPatchOfThePodTemplateAndTheRolledForRecord()
    {
        var workload = Workload(rolledFor: "api=5,db=1", resourceVersion: "77");

        var patch = JsonNode.Parse(RolloutPatch.Build(workload, [Pending("db", 3), Pending("cache", 2)], T0.AddSeconds(1.5)))!;

        Assert.Equal("77", (string?)patch["metadata"]!["resourceVersion"]);
        Assert.Equal("api=5,cache=2,db=3", (string?)patch["metadata"]!["annotations"]![SyncAnnotations.RolledFor]);
        Assert.Equal("2026-05-01T08:00:01Z", (string?)patch["spec"]!["template"]!["metadata"]!["annotations"]![SyncAnnotations.RestartedAt]);
        Assert.Equal(["metadata", "spec"], patch.AsObject().Select(p => p.Key));
        Assert.Equal(["template"], patch["spec"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Build_ASecondRolloutInTheSameSecond_StillChangesThePodTemplate()
    {
        var rolledAt = T0.AddSeconds(1);
        var workload = Workload(rolledFor: "db=2", restartedAt: rolledAt);

        var patch = JsonNode.Parse(RolloutPatch.Build(workload, [Pending("db", 3)], rolledAt.AddMilliseconds(250)))!;

        Assert.Equal("2026-05-01T08:00:01.250Z", (string?)patch["spec"]!["template"]!["metadata"]!["annotations"]![SyncAnnotations.RestartedAt]);
    }
}
