using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Syncer.Discovery;

namespace Syncer.Restart;

/// <summary>
/// Registers the restart side: its options (validated at start), one informer per row of <see cref="WorkloadKinds"/>
/// (also listed for <c>/readyz</c>), the workload index (which the sync asks before marking a rollout pending), and
/// the reconciler. The host provides <c>IKubernetes</c>, the Secret informer, <c>ILeadership</c>, the sync engine's
/// <c>SecretClient</c>, <c>EventRecorder</c>, <c>ManagedSecretStore</c> and <c>SyncSpecParser</c>.
/// </summary>
internal static class RestartServiceCollectionExtensions
{
    public static IServiceCollection AddRestarts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<RestartOptions>().Bind(configuration.GetSection(RestartOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RestartOptions>, RestartOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RestartOptions>, RestartOptionsRules>());

        AddKind(services, WorkloadKinds.Deployment);
        AddKind(services, WorkloadKinds.StatefulSet);
        AddKind(services, WorkloadKinds.DaemonSet);

        // Singletons: the index, the pending revisions, the waits and the Event memory are process-wide state, rebuilt
        // from the informers at start; the queue is the reconciler's, shared with the two kinds of pass it runs.
        services.AddSingleton<WorkloadIndex>();
        services.AddSingleton<IRolloutConsumers>(sp => sp.GetRequiredService<WorkloadIndex>());
        services.AddSingleton<PendingRollouts>();
        services.AddSingleton<RestartPlanner>();
        services.AddSingleton<RestartWaits>();
        services.AddSingleton<OnceLog>();
        services.AddSingleton<RestartReporter>();
        services.AddSingleton(sp => new WorkQueue<RestartItem>(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkloadRestarter>();
        services.AddSingleton<RolloutCompleter>();
        services.AddSingleton<RestartTriggers>(); // built with the reconciler, before any informer starts
        services.AddHostedService<RestartReconciler>();
        return services;
    }

    private static void AddKind<T, TList>(IServiceCollection services, WorkloadKind<T, TList> kind)
        where T : class, IKubernetesObject<V1ObjectMeta>, new()
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        services.AddSingleton<IResourceSource<T>>(sp => new WorkloadSource<T, TList>(sp.GetRequiredService<IKubernetes>(), kind));
        services.AddSingleton<ResourceInformer<T>>();
        services.AddSingleton<IResourceInformer>(sp => sp.GetRequiredService<ResourceInformer<T>>());
        services.AddSingleton<IWorkloadFeed>(sp => new WorkloadFeed<T, TList>(sp.GetRequiredService<ResourceInformer<T>>(), kind));
        services.AddHostedService(sp => sp.GetRequiredService<ResourceInformer<T>>());
    }
}
