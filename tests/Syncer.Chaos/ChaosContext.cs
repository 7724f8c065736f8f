using k8s;
using Syncer.Chaos.Checking;
using Syncer.Chaos.Faults;
using Syncer.Chaos.World;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;

namespace Syncer.Chaos;

/// <summary>Everything a run acts on and looks at: the doubles, the world, Vault's history, the checker, Syncer's process.</summary>
public sealed class ChaosContext(
    KubeApiDouble api, VaultDouble vault, IKubernetes client, WorldPlan plan, VaultHistory history, FaultContext faults,
    SecretInvariants secrets, SyncerProcess syncer)
{
    private readonly List<string> _metrics = [];

    public KubeApiDouble Api { get; } = api;

    public VaultDouble Vault { get; } = vault;

    /// <summary>The run's own client (a token counted apart: faults spare it, Syncer's request counts leave it out).</summary>
    public IKubernetes Client { get; } = client;

    public WorldPlan Plan { get; } = plan;

    public VaultHistory History { get; } = history;

    public FaultContext Faults { get; } = faults;

    public SecretInvariants Secrets { get; } = secrets;

    public SyncerProcess Syncer { get; } = syncer;

    /// <summary>Every /metrics text scraped (before each kill and at the end), for the leak check.</summary>
    public IReadOnlyList<string> MetricsScrapes => _metrics;

    /// <summary>Kills made while some Secret showed a rollout pending: between a Secret write and its workloads' patches.</summary>
    public int KillsWithRolloutPending { get; private set; }

    /// <summary>SIGKILL, then a new process at once (as the kubelet restarts a container).</summary>
    public async Task KillAndRestartAsync(CancellationToken ct)
    {
        await ScrapeAsync(ct);
        if (Secrets.PendingRollouts > 0)
        {
            KillsWithRolloutPending++;
        }

        await Syncer.KillAsync(ct);
        Syncer.Start();
    }

    public async Task ScrapeAsync(CancellationToken ct)
    {
        if (await Syncer.ScrapeMetricsAsync(ct) is { } text)
        {
            _metrics.Add(text);
        }
    }
}
