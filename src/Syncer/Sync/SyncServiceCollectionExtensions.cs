using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Policy;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Registers the sync engine: options (validated at start), the spec parser, policy, read cache, per-Secret state and
/// the synchronizer, with the Kubernetes plumbing they write through. The host provides <c>IKubernetes</c>,
/// <c>IVaultClient</c>, <c>SyncerMetrics</c> and <c>TimeProvider</c>.
/// </summary>
internal static class SyncServiceCollectionExtensions
{
    public static IServiceCollection AddSyncEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptionsWithValidateOnStart<SpecOptions>().Bind(configuration.GetSection(SpecOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpecOptions>, SpecOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpecOptions>, SpecOptionsRules>());
        services.AddOptionsWithValidateOnStart<SyncOptions>().Bind(configuration.GetSection(SyncOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SyncOptions>, OwnNamespace>());
        services.AddOptionsWithValidateOnStart<PolicyOptions>().Bind(configuration.GetSection(PolicyOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PolicyOptions>, PolicyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PolicyOptions>, PolicyPatternValidator>());

        // Singletons: all are stateless or hold process-wide state that must be shared (the state store, the read
        // cache, the HMAC key).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretClient>();
        services.TryAddSingleton<EventRecorder>();
        services.AddSingleton<SyncSpecParser>();
        services.AddSingleton<TenancyPolicy>();
        services.AddSingleton<ManagedSecretStore>();
        services.AddSingleton<VaultReadCache>();
        services.AddSingleton<SourceReader>();
        services.AddSingleton<DesiredDataBuilder>();
        services.AddSingleton<SecretPlanner>();
        services.AddSingleton<HmacKeyReporter>();
        services.AddSingleton<HmacKeyStore>();
        services.AddSingleton<SyncReporter>();
        services.AddSingleton<SecretSynchronizer>();
        return services;
    }
}
