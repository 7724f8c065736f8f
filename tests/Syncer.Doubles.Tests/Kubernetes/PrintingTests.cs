using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Printing;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>The printers of kinds the double does not serve yet (the controllers add them), and apimachinery's HumanDuration.</summary>
public sealed class PrintingTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(200, "3m20s")]
    [InlineData(3599, "59m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(5 * 3600 + 90, "5h1m")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(3 * 365 * 86400 + 30 * 86400, "3y30d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void HumanDuration_RoundsAsApimachinery(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Pod_RunningWithARestartedContainer_ShowsReadyCountRestartsAgoAndWideCells()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"name":"web-1","creationTimestamp":"2025-03-01T11:00:00Z"},
             "spec":{"nodeName":"node-1","containers":[{"name":"app"},{"name":"side"}]},
             "status":{"phase":"Running","podIPs":[{"ip":"10.0.0.7"}],"containerStatuses":[
               {"name":"app","ready":true,"restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"2025-03-01T11:55:00Z"}}},
               {"name":"side","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """)!.AsObject();

        var cells = Print("", "pods", pod);

        Assert.Equal("""["web-1","1/2","CrashLoopBackOff","2 (5m ago)","60m","10.0.0.7","node-1","<none>","<none>"]""", cells);
    }

    [Fact]
    public void Pod_BeingDeleted_IsTerminating()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","deletionTimestamp":"2025-03-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running"}}""")!.AsObject();

        Assert.Contains("\"Terminating\"", Print("", "pods", pod), StringComparison.Ordinal);
    }

    [Fact]
    public void Node_ReadyControlPlane_ShowsStatusRolesAndVersion()
    {
        var node = JsonNode.Parse("""
            {"metadata":{"name":"sandbox","creationTimestamp":"2025-03-01T10:00:00Z","labels":{"node-role.kubernetes.io/control-plane":""}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0"}}}
            """)!.AsObject();

        Assert.Equal("""["sandbox","Ready,SchedulingDisabled","control-plane","120m","v1.32.0","127.0.0.1","<none>","<unknown>","<unknown>","<unknown>"]""",
            Print("", "nodes", node));
    }

    [Fact]
    public void ReplicaSet_AndControllerRevision_PrintTheirCounts()
    {
        var rs = JsonNode.Parse("""
            {"metadata":{"name":"web-5d8f","creationTimestamp":"2025-03-01T11:59:30Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d8f"}},"template":{"spec":{"containers":[{"name":"app","image":"nginx"}]}}},
             "status":{"replicas":3,"readyReplicas":2}}
            """)!.AsObject();
        var revision = JsonNode.Parse("""
            {"metadata":{"name":"db-7c9","creationTimestamp":"2025-03-01T11:00:00Z","ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","controller":true}]},"revision":2}
            """)!.AsObject();

        Assert.Equal("""["web-5d8f",3,3,2,"30s","app","nginx","app=web,pod-template-hash=5d8f"]""", Print("apps", "replicasets", rs));
        Assert.Equal("""["db-7c9","statefulset.apps/db",2,"60m"]""", Print("apps", "controllerrevisions", revision));
    }

    private static string Print(string group, string plural, JsonObject obj)
    {
        var printer = PrinterCatalog.Find(new ResourceType(group, "v1", plural, "Any", true, plural, []))!;
        var cells = printer.Cells(obj, Now);
        Assert.Equal(printer.Columns.Count, cells.Length);
        return new JsonArray(cells).ToJsonString(KubeJson.Options);
    }
}
