using k8s;
using k8s.Models;
using Syncer.Doubles.Kubernetes;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>
/// What the API server does for the kinds the workload controllers use (replicasets, controllerrevisions, pods,
/// nodes), the apps/v1 defaults, and /status writes as the status strategies take them. No controller runs here.
/// </summary>
public sealed class WorkloadResourcesTests
{
    [Fact(Timeout = 10_000)]
    public async Task Discovery_ListsPodsNodesReplicaSetsAndControllerRevisions_WithTheirStatusSubresources()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);

        var core = (await client.CoreV1.GetAPIResourcesAsync(cancellationToken: ct)).Resources.Select(r => r.Name).ToList();
        var apps = (await client.AppsV1.GetAPIResourcesAsync(cancellationToken: ct)).Resources;

        Assert.Subset(new HashSet<string>(core), new HashSet<string> { "pods", "pods/status", "nodes", "nodes/status" });
        Assert.False(Assert.Single((await client.CoreV1.GetAPIResourcesAsync(cancellationToken: ct)).Resources, r => r.Name == "nodes").Namespaced);
        Assert.Contains(apps, r => r.Name == "replicasets" && r.ShortNames.Contains("rs"));
        Assert.Contains(apps, r => r.Name == "replicasets/status");
        Assert.Contains(apps, r => r.Name == "controllerrevisions");
        Assert.DoesNotContain(apps, r => r.Name == "controllerrevisions/status");
    }

    [Fact(Timeout = 10_000)]
    public async Task CreatePod_IsPendingWithItsQosClass_AndDeleteAnswersThePod()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var pod = Pod("p");
        pod.Status = new V1PodStatus { Phase = "Running" };

        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, "ns", cancellationToken: ct);
        var deleted = await client.CoreV1.DeleteNamespacedPodAsync("p", "ns", cancellationToken: ct);

        Assert.Equal(("Pending", "BestEffort"), (created.Status.Phase, created.Status.QosClass));
        Assert.Null(created.Metadata.Generation);
        Assert.Equal("p", deleted.Metadata.Name);
    }

    [Fact(Timeout = 10_000)]
    public async Task CreateNode_KeepsTheStatusItWasCreatedWith()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1" },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
        };

        var created = await Client(api).CoreV1.CreateNodeAsync(node, cancellationToken: ct);

        Assert.Equal("True", Assert.Single(created.Status.Conditions).Status);
        Assert.Null(created.Metadata.NamespaceProperty);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReplicaSet_GenerationMovesWithTheSpecOnly_AndOwnerReferencesAreStoredAsGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var owner = new V1OwnerReference
        {
            ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "0b6c3a4e-0000-4000-8000-000000000001", BlockOwnerDeletion = true, Controller = true,
        };
        var rs = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "web-abc", OwnerReferences = [owner] },
            Spec = new V1ReplicaSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Deployment("web").Spec.Template,
            },
        };

        var created = await client.AppsV1.CreateNamespacedReplicaSetAsync(rs, "ns", cancellationToken: ct);
        var annotated = await client.AppsV1.PatchNamespacedReplicaSetAsync(
            new V1Patch("""{"metadata":{"annotations":{"a":"1"}}}""", V1Patch.PatchType.MergePatch), "web-abc", "ns", cancellationToken: ct);
        var scaled = await client.AppsV1.PatchNamespacedReplicaSetAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web-abc", "ns", cancellationToken: ct);

        Assert.Equal((1, 1), (created.Spec.Replicas, created.Metadata.Generation)); // replicas defaulted to 1
        Assert.Equal(1, annotated.Metadata.Generation);
        Assert.Equal(2, scaled.Metadata.Generation);
        var stored = Assert.Single(scaled.Metadata.OwnerReferences);
        Assert.Equal((owner.Uid, true, true), (stored.Uid, stored.Controller, stored.BlockOwnerDeletion));
    }

    [Fact(Timeout = 10_000)]
    public async Task Workloads_GetTheApiServersDefaults()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var template = Deployment("web").Spec.Template;
        var selector = Deployment("web").Spec.Selector;

        var deployment = await client.AppsV1.CreateNamespacedDeploymentAsync(
            new V1Deployment { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1DeploymentSpec { Selector = selector, Template = template } }, "ns", cancellationToken: ct);
        var sts = await client.AppsV1.CreateNamespacedStatefulSetAsync(
            new V1StatefulSet { Metadata = new V1ObjectMeta { Name = "db" }, Spec = new V1StatefulSetSpec { Selector = selector, Template = template } }, "ns", cancellationToken: ct);
        var ds = await client.AppsV1.CreateNamespacedDaemonSetAsync(
            new V1DaemonSet { Metadata = new V1ObjectMeta { Name = "agent" }, Spec = new V1DaemonSetSpec { Selector = selector, Template = template } }, "ns", cancellationToken: ct);

        var d = deployment.Spec;
        Assert.Equal((1, "RollingUpdate", "25%", "25%", 10, 600),
            (d.Replicas, d.Strategy.Type, d.Strategy.RollingUpdate.MaxSurge.Value, d.Strategy.RollingUpdate.MaxUnavailable.Value, d.RevisionHistoryLimit, d.ProgressDeadlineSeconds));
        Assert.Equal((1, "OrderedReady", "RollingUpdate", 0, 10),
            (sts.Spec.Replicas, sts.Spec.PodManagementPolicy, sts.Spec.UpdateStrategy.Type, sts.Spec.UpdateStrategy.RollingUpdate.Partition, sts.Spec.RevisionHistoryLimit));
        Assert.Equal(("RollingUpdate", "1", "0", 10),
            (ds.Spec.UpdateStrategy.Type, ds.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value, ds.Spec.UpdateStrategy.RollingUpdate.MaxSurge.Value, ds.Spec.RevisionHistoryLimit));
    }

    [Fact(Timeout = 10_000)]
    public async Task OnDeleteStatefulSet_KeepsItsStrategy_AndAnUpdateKeepsTheGeneration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var spec = new V1StatefulSetSpec
        {
            Selector = Deployment("db").Spec.Selector,
            Template = Deployment("db").Spec.Template,
            UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" },
        };

        var created = await client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet { Metadata = new V1ObjectMeta { Name = "db" }, Spec = spec }, "ns", cancellationToken: ct);
        var replaced = await client.AppsV1.ReplaceNamespacedStatefulSetAsync(created, "db", "ns", cancellationToken: ct);

        Assert.Equal("OnDelete", replaced.Spec.UpdateStrategy.Type);
        Assert.Null(replaced.Spec.UpdateStrategy.RollingUpdate);
        Assert.Equal((1, created.Metadata.ResourceVersion), (replaced.Metadata.Generation, replaced.Metadata.ResourceVersion));
    }

    [Fact(Timeout = 10_000)]
    public async Task DeploymentStatusWrite_MayChangeAnnotations_ButNotLabelsSpecOrGeneration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var d = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);
        d.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "1" };
        d.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "front" };
        d.Status = new V1DeploymentStatus { ObservedGeneration = 1 };

        var updated = await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "web", "ns", cancellationToken: ct);

        Assert.Equal("1", updated.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Null(updated.Metadata.Labels);
        Assert.Equal((1L, 1L), (updated.Metadata.Generation!.Value, updated.Status.ObservedGeneration!.Value));
    }

    [Fact(Timeout = 10_000)]
    public async Task NamespaceStatusWrite_KeepsTheSpecAndTheNameLabel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var ns = await client.CoreV1.ReadNamespaceAsync("ns", cancellationToken: ct);
        ns.Metadata.Labels = null;
        ns.Spec = null;

        var updated = await client.CoreV1.ReplaceNamespaceStatusAsync(ns, "ns", cancellationToken: ct);

        Assert.Equal("ns", updated.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal(["kubernetes"], updated.Spec.Finalizers);
    }

    [Fact(Timeout = 10_000)]
    public async Task PodStatusWrite_KeepsTheOwnerReferences()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var owner = new V1OwnerReference
        {
            ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-abc", Uid = "0b6c3a4e-0000-4000-8000-000000000002", Controller = true,
        };
        var pod = Pod("p");
        pod.Metadata.OwnerReferences = [owner];
        pod = await client.CoreV1.CreateNamespacedPodAsync(pod, "ns", cancellationToken: ct);
        pod.Metadata.OwnerReferences = null;
        pod.Status.Phase = "Running";

        var updated = await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "p", "ns", cancellationToken: ct);

        Assert.Equal(("Running", "BestEffort"), (updated.Status.Phase, updated.Status.QosClass));
        Assert.Equal(owner.Uid, Assert.Single(updated.Metadata.OwnerReferences).Uid);
    }

    [Fact(Timeout = 10_000)]
    public async Task APodFieldSelector_MatchesNodeAndPhase_AndAnUnknownFieldIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        foreach (var (name, node) in new[] { ("a", "n1"), ("b", "n2") })
        {
            var pod = Pod(name);
            pod.Spec.NodeName = node;
            await client.CoreV1.CreateNamespacedPodAsync(pod, "ns", cancellationToken: ct);
        }

        var onN1 = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=n1,status.phase=Pending", cancellationToken: ct);
        var status = await StatusOfAsync(() => client.CoreV1.ListNamespacedPodAsync("ns", fieldSelector: "spec.nope=x", cancellationToken: ct));

        Assert.Equal("a", Assert.Single(onN1.Items).Metadata.Name);
        Assert.Equal((400, "field label not supported: spec.nope"), (status.Code, status.Message));
    }

    [Fact(Timeout = 10_000)]
    public async Task ATokenCountedApart_IsNotInTheDoublesRequestCounts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var apart = new RequestCounter();
        api.AddToken("component-token", "system:kube-controller-manager", apart, new AccessRule(["*"], ["*"]));

        await Client(api, "component-token").AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct);
        await Client(api).AppsV1.ListNamespacedReplicaSetAsync("ns", cancellationToken: ct);

        Assert.Equal(1, apart.Count("list", "replicasets"));
        Assert.Equal(1, api.Requests.Count("list", "replicasets"));
        Assert.Equal(1, api.Requests.Total);
    }

    [Fact(Timeout = 10_000)]
    public async Task ATokenCountedApart_IsSparedByInjectedFaults_WhichStillHitOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        api.AddToken("component-token", "system:kube-controller-manager", new RequestCounter(), new AccessRule(["*"], ["*"]));
        var component = Client(api, "component-token");
        var d = await component.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);
        api.Faults.SetErrorRate("list", "deployments", 1.0, 503);
        api.Faults.ForceConflicts("deployments", 1);

        await component.AppsV1.ListNamespacedDeploymentAsync("ns", cancellationToken: ct);
        await component.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "web", "ns", cancellationToken: ct);
        var listed = await StatusOfAsync(() => Client(api).AppsV1.ListNamespacedDeploymentAsync("ns", cancellationToken: ct));
        var patched = await StatusOfAsync(() => Client(api).AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{}", V1Patch.PatchType.MergePatch), "web", "ns", cancellationToken: ct));

        Assert.Equal((503, 409), (listed.Code, patched.Code));
    }

    [Fact(Timeout = 10_000)]
    public async Task ABareServer_RunsNoControllers_SoADeploymentGetsNoReplicaSetOrStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);

        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), "ns", cancellationToken: ct);
        var replicaSets = await client.AppsV1.ListNamespacedReplicaSetAsync("ns", cancellationToken: ct);
        var web = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "ns", cancellationToken: ct);

        Assert.Empty(replicaSets.Items);
        Assert.Null(web.Status.ObservedGeneration);
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
    };
}
