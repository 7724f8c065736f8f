using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
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
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Restart;
using Syncer.Scheduling;
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
        // Bound here with the concrete type, so the configuration binder's generated code binds it (no reflection).
        services.AddOptionsWithValidateOnStart<DiscoveryOptions>().Bind(configuration.GetSection(DiscoveryOptions.SectionName));
        AddValidators<DiscoveryOptions, DiscoveryOptionsValidator, DiscoveryOptionsRules>(services);
        services.AddOptionsWithValidateOnStart<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName));
        AddValidators<SchedulingOptions, SchedulingOptionsValidator, SchedulingOptionsRules>(services);

        // TryAdd: a test registers its own clock, metric registry or Kubernetes configuration first and keeps it.
        services.TryAddSingleton(TimeProvider.System);
        MeterExport.Configure(); // before the first scrape: no per-Secret series from Quartz's meter
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.TryAddSingleton<IMetricFactory>(sp => Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.TryAddSingleton<SyncerMetrics>();
        services.TryAddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Syncer.Hosting");
            var (kubernetes, source) = KubernetesConfigurationResolver.Resolve(sp.GetRequiredService<TimeProvider>(), logger);
            Log.KubernetesConfiguration(logger, KubernetesConfigurationResolver.Redact(kubernetes.Host), source);
            return kubernetes;
        });
        // One client for the process: it owns the HTTP connection pool (HTTP/2) every list, watch and write shares.
        services.TryAddSingleton(sp => KubernetesConfigurationResolver.CreateClient(sp.GetRequiredService<KubernetesClientConfiguration>()));

        // After SyncerMetrics and TimeProvider above, so the Vault client and the sync engine share them.
        services.AddVaultClient(configuration.GetSection("Vault"));
        services.AddSyncEngine(configuration);
        services.TryAddSingleton<ISyncHandler>(sp => sp.GetRequiredService<SecretSynchronizer>());

        // Hosted services start in this order and stop in reverse: the restart side (its workload informers and
        // reconciler) first, then the dispatcher (it lets running syncs finish), then the reconciler and the informer,
        // then Quartz (nothing feeds it any more), and leader election last: running work finishes while the Lease is
        // still held, then it is released.
        services.AddHostedService<ConnectionReport>();
        services.AddHostedService<HmacKeyGuard>(); // keeps the data-hash key Secret in place while this replica leads
        services.AddLeaderElection(configuration);
        AddQuartz(services);
        AddDiscovery(services);
        AddScheduling(services);
        services.AddRestarts(configuration);

        AddHealth(services, configuration);
        services.AddSingleton<IPostConfigureOptions<ConsoleLoggerOptions>, ConsoleLogFormatSelection>();
        services.AddSingleton<IPostConfigureOptions<JsonConsoleFormatterOptions>, ConsoleLogFormatSelection>();
        services.AddSingleton<IPostConfigureOptions<SimpleConsoleFormatterOptions>, ConsoleLogFormatSelection>();

        // Graceful shutdown inside Kubernetes' default 30 s grace period: the dispatcher stops taking work and lets
        // running syncs finish, then the reconciler, the informer and Quartz stop.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        return services;
    }

    private static void AddHealth(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>());
        services.AddHealthChecks()
            .AddCheck<DiscoveryReadinessHealthCheck>("discovery", tags: [SyncerEndpointRouteBuilderExtensions.ReadyTag])
            .AddCheck<VaultAuthenticationHealthCheck>("vault-authentication", tags: [SyncerEndpointRouteBuilderExtensions.ReadyTag]);
    }

    private static void AddDiscovery(IServiceCollection services)
    {
        // One informer per kind; every subscriber registers on it (the restart side adds the workload kinds').
        services.AddSingleton<IResourceSource<PartialObjectMetadata>, SecretMetadataSource>();
        services.AddSingleton<ResourceInformer<PartialObjectMetadata>>();
        services.AddSingleton<IResourceInformer>(sp => sp.GetRequiredService<ResourceInformer<PartialObjectMetadata>>());
        services.AddHostedService(sp => sp.GetRequiredService<ResourceInformer<PartialObjectMetadata>>());
    }

    private static void AddQuartz(IServiceCollection services)
    {
        services.AddQuartz(quartz =>
        {
            // RAMJobStore: the state is rebuilt from the API server at start, so are the jobs. Its default misfire
            // threshold is 5 s: thousands of Secrets due in the same second (one cron schedule) take Quartz longer
            // than that to fire, and the rest were skipped to their next instant (make bench: a 10,000-Secret
            // full refresh reached about a quarter). A firing is late, not missed, within a minute.
            quartz.UseInMemoryStore(store => store.MisfireThreshold = TimeSpan.FromMinutes(1));
            quartz.UseDefaultThreadPool(2); // a firing only queues a Secret for the dispatcher: two threads are plenty
        });
        // Quartz takes its clock from the container's TimeProvider.
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }

    private static void AddScheduling(IServiceCollection services)
    {
        services.AddSingleton(sp => new SchedulePlanner(
            sp.GetRequiredService<IOptions<SchedulingOptions>>(), sp.GetRequiredService<Syncer.Spec.SyncSpecParser>(), Random.Shared)); // Random.Shared is thread-safe
        services.AddSingleton(sp => new RetryBackoff(sp.GetRequiredService<IOptions<SchedulingOptions>>(), Random.Shared));
        services.AddSingleton<SecretJobScheduler>();
        services.AddSingleton<SyncDispatcher>();
        services.AddHostedService<ScheduleReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<SyncDispatcher>());
    }

    private static void AddValidators<
        TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRules>(IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TRules : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TRules>());
    }
}
