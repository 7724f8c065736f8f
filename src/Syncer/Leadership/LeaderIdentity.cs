using Microsoft.Extensions.Options;

namespace Syncer.Leadership;

/// <summary>
/// This replica's identity in the Lease when <c>Syncer:LeaderElection:Identity</c> is not set: <c>POD_NAME</c> (the
/// downward API; what operators see in <c>kubectl get lease</c>), else the host name and process id, unique on a
/// machine, so two processes on one laptop or in one sandbox elect one leader too.
/// </summary>
internal sealed class LeaderIdentity(Func<string, string?> environment, string hostName, int processId) : IPostConfigureOptions<LeaderElectionOptions>
{
    public LeaderIdentity()
        : this(Environment.GetEnvironmentVariable, Environment.MachineName, Environment.ProcessId)
    {
    }

    public void PostConfigure(string? name, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Identity is null or "")
        {
            options.Identity = Resolve();
        }
    }

    public string Resolve() =>
        environment("POD_NAME") is { Length: > 0 } pod && pod.Trim() is { Length: > 0 } trimmed
            ? trimmed
            : FormattableString.Invariant($"{hostName}_{processId}");
}
