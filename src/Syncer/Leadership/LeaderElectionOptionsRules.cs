using Microsoft.Extensions.Options;

namespace Syncer.Leadership;

/// <summary>
/// The timing rules that keep two replicas from leading at once; messages name the configuration keys. client-go's
/// (renew deadline shorter than the lease, longer than 1.2 retry periods) plus one the KubernetesClient's loop needs:
/// after its last renewal the leader waits a retry period, then tries for up to the renew deadline before it stops,
/// so the two together must end before a standby may take the Lease over.
/// </summary>
internal sealed class LeaderElectionOptionsRules : IValidateOptions<LeaderElectionOptions>
{
    private const string Section = LeaderElectionOptions.SectionName;
    private const double JitterFactor = 1.2; // client-go's and the KubernetesClient's

    public ValidateOptionsResult Validate(string? name, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            builder.AddError($"{Section}:{nameof(LeaderElectionOptions.LeaseDuration)} ({options.LeaseDuration}) must be whole seconds: the Lease stores leaseDurationSeconds.");
        }

        if (options.RenewDeadline + options.RetryPeriod >= options.LeaseDuration)
        {
            builder.AddError(
                $"{Section}:{nameof(LeaderElectionOptions.RenewDeadline)} ({options.RenewDeadline}) plus {Section}:{nameof(LeaderElectionOptions.RetryPeriod)} " +
                $"({options.RetryPeriod}) must be shorter than {Section}:{nameof(LeaderElectionOptions.LeaseDuration)} ({options.LeaseDuration}): " +
                "a leader that cannot renew must stop before a standby takes over.");
        }

        if (options.RenewDeadline <= options.RetryPeriod * JitterFactor)
        {
            builder.AddError(
                $"{Section}:{nameof(LeaderElectionOptions.RenewDeadline)} ({options.RenewDeadline}) must be longer than {JitterFactor} times " +
                $"{Section}:{nameof(LeaderElectionOptions.RetryPeriod)} ({options.RetryPeriod}).");
        }

        if (options.Identity is { } identity && string.IsNullOrWhiteSpace(identity))
        {
            builder.AddError($"{Section}:{nameof(LeaderElectionOptions.Identity)} must not be blank; leave it unset to use POD_NAME or the host name.");
        }

        return builder.Build();
    }
}
