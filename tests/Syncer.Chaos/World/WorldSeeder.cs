using k8s;
using k8s.Models;

namespace Syncer.Chaos.World;

/// <summary>Creates the plan's Secrets and workloads through the API, as a user would (kubectl apply).</summary>
public static class WorldSeeder
{
    public static async Task CreateAsync(IKubernetes client, WorldPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(plan);
        using var gate = new SemaphoreSlim(8);
        async Task Throttled(Func<Task> create)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await create();
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.WhenAll(plan.Secrets.Select(s => Throttled(() => CreateSecretAsync(client, s, cancellationToken))));
        await Task.WhenAll(plan.Workloads.Select(w => Throttled(() => CreateWorkloadAsync(client, w, cancellationToken))));
    }

    public static Task CreateSecretAsync(IKubernetes client, SecretSpec spec, CancellationToken cancellationToken) =>
        client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = spec.Name,
                Labels = new Dictionary<string, string> { [Contract.Enabled] = "true" },
                Annotations = spec.Annotations(),
            },
            Type = "Opaque",
        }, spec.Namespace, cancellationToken: cancellationToken);

    private static Task CreateWorkloadAsync(IKubernetes client, WorkloadSpec spec, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string> { ["app"] = spec.Name };
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = labels },
            Spec = new V1PodSpec
            {
                // Every way a pod template references a Secret is one the restart side must find: envFrom and volumes here.
                Containers = [new V1Container
                {
                    Name = "app",
                    Image = "app:1",
                    EnvFrom = [.. spec.Secrets.Where((_, i) => i % 2 == 0).Select(s => new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = s } })],
                }],
                Volumes = [.. spec.Secrets.Where((_, i) => i % 2 == 1).Select(s => new V1Volume { Name = s, Secret = new V1SecretVolumeSource { SecretName = s } })],
            },
        };
        var meta = new V1ObjectMeta { Name = spec.Name };
        var selector = new V1LabelSelector { MatchLabels = labels };
        return spec.Kind switch
        {
            "Deployment" => client.AppsV1.CreateNamespacedDeploymentAsync(
                new V1Deployment { Metadata = meta, Spec = new V1DeploymentSpec { Replicas = 1, Selector = selector, Template = template } }, spec.Namespace, cancellationToken: cancellationToken),
            "StatefulSet" => client.AppsV1.CreateNamespacedStatefulSetAsync(
                new V1StatefulSet { Metadata = meta, Spec = new V1StatefulSetSpec { Replicas = 1, Selector = selector, Template = template, ServiceName = spec.Name } }, spec.Namespace, cancellationToken: cancellationToken),
            _ => client.AppsV1.CreateNamespacedDaemonSetAsync(
                new V1DaemonSet { Metadata = meta, Spec = new V1DaemonSetSpec { Selector = selector, Template = template } }, spec.Namespace, cancellationToken: cancellationToken),
        };
    }
}
