using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Observability;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Vault;

internal static class VaultServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="IVaultClient"/> of the process (a singleton: it owns the shared token, its renewal
    /// and the HTTP connection pool), bound from <paramref name="section"/> with the Vault CLI's variables as fallback,
    /// and validated at start. Uses the host's <see cref="SyncerMetrics"/> and <see cref="TimeProvider"/> when registered.
    /// </summary>
    public static IServiceCollection AddVaultClient(this IServiceCollection services, IConfiguration section, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        environment ??= Environment.GetEnvironmentVariable;

        services.AddOptions<VaultClientSettings>()
            .Bind(section)
            .PostConfigure(settings => VaultEnvironment.Apply(settings, environment))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VaultClientSettings>, VaultClientSettingsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VaultClientSettings>, VaultClientSettingsRules>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new SyncerMetrics(Prometheus.Metrics.DefaultFactory));
        services.TryAddSingleton(sp => AuthMethodInfoFactory.Create(sp.GetRequiredService<IOptions<VaultClientSettings>>().Value.Auth, environment));
        services.TryAddSingleton(sp => new VaultClient(
            sp.GetRequiredService<IOptions<VaultClientSettings>>().Value,
            sp.GetRequiredService<IAuthMethodInfo>(),
            sp.GetRequiredService<SyncerMetrics>(),
            sp.GetRequiredService<ILogger<VaultClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IVaultClient>(sp => sp.GetRequiredService<VaultClient>());
        return services;
    }
}
