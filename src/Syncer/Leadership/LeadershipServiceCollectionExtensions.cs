using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Syncer.Leadership;

/// <summary>Registers leader election: its options (validated at start) and <see cref="LeaseLeadership"/> as <see cref="ILeadership"/>.</summary>
internal static class LeadershipServiceCollectionExtensions
{
    public static IServiceCollection AddLeaderElection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<LeaderElectionOptions>().Bind(configuration.GetSection(LeaderElectionOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaderElectionOptions>, LeaderElectionOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaderElectionOptions>, LeaderElectionOptionsRules>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LeaderElectionOptions>, LeaderIdentity>());

        // One elector per process: the hosted service and the seam every actor consults are the same instance.
        services.AddSingleton<LeaseLeadership>();
        services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<LeaseLeadership>());
        return services;
    }
}
