using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Prometheus;
using Quartz;
using Syncer.Discovery;
using Syncer.Observability;
using Syncer.Scheduling;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Vault;
using SchedulingOptions = Syncer.Scheduling.SchedulingOptions;

namespace Syncer.Hosting;

/// <summary>All of Syncer's wiring. Every service is a singleton unless a comment says otherwise.</summary>
internal static class SyncerServiceCollectionExtensions
{
    public static IServiceCollection AddSyncer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddValidatedOptions<DiscoveryOptions, DiscoveryOptionsValidator, DiscoveryOptionsRules>(services, configuration, DiscoveryOptions.SectionName);
        AddValidatedOptions<SchedulingOptions, SchedulingOptionsValidator, SchedulingOptionsRules>(services, configuration, SchedulingOptions.SectionName);

        // TryAdd: a test registers its own clock, metric registry or Kubernetes configuration first and keeps it.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.TryAddSingleton<IMetricFactory>(sp => Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton<SyncerMetrics>();
        services.TryAddSingleton(sp =>
        {
            var (kubernetes, source) = KubernetesConfigurationResolver.Resolve();
            Log.KubernetesConfiguration(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Syncer.Hosting"), KubernetesConfigurationResolver.Redact(kubernetes.Host), source);
            return kubernetes;
        });
        // One client for the process: it owns the HTTP connection pool (HTTP/2) every list, watch and write shares.
        services.TryAddSingleton<IKubernetes>(sp => new Kubernetes(sp.GetRequiredService<KubernetesClientConfiguration>()));

        AddQuartz(services, configuration);
        AddDiscovery(services);
        AddScheduling(services);

        // After SyncerMetrics and TimeProvider above, so the Vault client and the sync engine share them.
        services.AddVaultClient(configuration.GetSection("Vault"));
        services.AddSyncEngine(configuration);
        services.TryAddSingleton<ISecretSyncHandler, SecretSynchronizerSyncHandler>();

        services.AddHealthChecks().AddCheck<DiscoveryReadinessHealthCheck>("discovery", tags: [SyncerEndpointRouteBuilderExtensions.ReadyTag]);
        services.AddSingleton<IPostConfigureOptions<ConsoleLoggerOptions>, ConsoleLogFormatSelection>();
        services.AddSingleton<IPostConfigureOptions<JsonConsoleFormatterOptions>, ConsoleLogFormatSelection>();
        services.AddSingleton<IPostConfigureOptions<SimpleConsoleFormatterOptions>, ConsoleLogFormatSelection>();

        // Graceful shutdown inside Kubernetes' default 30 s grace period: the informer and the reconciler stop, then
        // Quartz lets the running syncs finish (WaitForJobsToComplete) before the process exits.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        return services;
    }

    private static void AddDiscovery(IServiceCollection services)
    {
        services.AddSingleton<SecretIndex>();
        services.AddSingleton<CoalescingWorkQueue<SecretKey>>();
        services.AddSingleton<SecretLister>();
        services.AddSingleton(sp => new DiscoveryReadiness(sp.GetRequiredService<IOptions<DiscoveryOptions>>().Value));
        services.AddHostedService<SecretInformer>();
    }

    private static void AddQuartz(IServiceCollection services, IConfiguration configuration)
    {
        // Quartz reads its thread pool size while the container is built, before IOptions exist; the same value is
        // validated at start with the rest of SchedulingOptions (the clamp only keeps a bad value from throwing here).
        var maxConcurrentSyncs = configuration.GetSection(SchedulingOptions.SectionName).Get<SchedulingOptions>()?.MaxConcurrentSyncs
            ?? new SchedulingOptions().MaxConcurrentSyncs;
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore(); // RAMJobStore: the index is rebuilt from the API server at start, so are the jobs
            quartz.UseDefaultThreadPool(Math.Clamp(maxConcurrentSyncs, 1, 512));
        });
        // Quartz takes its clock from the container's TimeProvider. Its hosted service is registered before the
        // informer and the reconciler: hosts stop in reverse order, so those stop feeding it first, then Quartz
        // waits for the syncs in progress (which may still store a retry trigger).
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }

    private static void AddScheduling(IServiceCollection services)
    {
        services.AddSingleton(sp => new SchedulePlanner(
            sp.GetRequiredService<IOptions<SchedulingOptions>>(), sp.GetRequiredService<IOptions<SyncOptions>>(),
            sp.GetRequiredService<SyncSpecParser>(), Random.Shared)); // Random.Shared is thread-safe
        services.AddSingleton<RetryBackoff>();
        services.AddSingleton<SecretJobScheduler>();
        services.AddSingleton<SyncJobRunner>();
        services.AddSingleton<SyncFreshness>();
        services.AddHostedService<ScheduleReconciler>();
    }

    private static void AddValidatedOptions<TOptions, TValidator, TRules>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TRules : class, IValidateOptions<TOptions>
    {
        services.AddOptionsWithValidateOnStart<TOptions>().Bind(configuration.GetSection(section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TRules>());
    }
}
