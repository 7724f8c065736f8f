using System.Diagnostics;
using k8s;
using Syncer.Chaos.Checking;
using Syncer.Chaos.Faults;
using Syncer.Chaos.World;

namespace Syncer.Chaos;

/// <summary>
/// The fault phase, step by step, from the seed alone: each step draws one action (Vault writes, a fault of the
/// matrix, a SIGKILL and restart of Syncer, a new Secret, or nothing), then waits until Syncer has made a drawn number
/// of further requests to the doubles (Kubernetes and Vault together), not for wall time, so a seed replays the same
/// actions at the same points of Syncer's work on a busy machine. A wait that sees no progress gives up after a
/// deadline and counts a stall. One Vault fault and one Kubernetes fault at most are active, each for a drawn number of steps.
/// </summary>
public sealed class Driver(Random random, ChaosContext run)
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, (FaultKind Kind, Action Clear, int StepsLeft)> _active = new(StringComparer.Ordinal);
    private int _newSecrets;

    public int Steps { get; private set; }

    public int Stalls { get; private set; }

    public Dictionary<string, int> Injected { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(TimeSpan duration, int maxSteps, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (low, high) = (Math.Max(4, run.Plan.Secrets.Count / 6), Math.Max(12, run.Plan.Secrets.Count / 2));
        while (clock.Elapsed < duration && Steps < maxSteps)
        {
            Steps++;
            ExpireFaults();
            var action = random.NextDouble();
            if (action < 0.5)
            {
                WriteVault(random.Next(1, 5));
            }
            else if (action < 0.78)
            {
                Inject(FaultCatalog.All[random.Next(FaultCatalog.All.Count)]);
            }
            else if (action < 0.88)
            {
                await run.KillAndRestartAsync(ct);
            }
            else if (action < 0.94)
            {
                await NewSecretAsync(ct);
            }

            await WaitForRequestsAsync(random.Next(low, high), ct);
        }
    }

    /// <summary>Clears every active fault (the end of the fault phase).</summary>
    public void ClearAll()
    {
        foreach (var (_, (_, clear, _)) in _active)
        {
            clear();
        }

        _active.Clear();
    }

    private void ExpireFaults()
    {
        foreach (var (target, (kind, clear, left)) in _active.ToList())
        {
            if (left <= 1)
            {
                clear();
                _active.Remove(target);
            }
            else
            {
                _active[target] = (kind, clear, left - 1);
            }
        }
    }

    private void Inject(FaultKind kind)
    {
        if (_active.ContainsKey(kind.Target))
        {
            WriteVault(1); // that target has its fault already: a Vault write instead
            return;
        }

        var clear = kind.Inject(run.Faults, random);
        _active[kind.Target] = (kind, clear, random.Next(1, 4));
        Injected[kind.Name] = Injected.GetValueOrDefault(kind.Name) + 1;
    }

    private void WriteVault(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var path = run.Plan.Paths[random.Next(run.Plan.Paths.Count)];
            var (withK2, same) = (random.Next(2) == 0, random.NextDouble() < 0.15);
            if (!run.Faults.DisabledMounts.Contains(VaultHistory.Split(path).Mount))
            {
                run.History.Write(path, withK2, sameAsCurrent: same);
            }
        }
    }

    private async Task NewSecretAsync(CancellationToken ct)
    {
        var ns = run.Plan.Namespaces[random.Next(run.Plan.Namespaces.Count)];
        var path = run.Plan.Paths.Where(p => p.Contains($"/{ns}/", StringComparison.Ordinal)).ElementAt(random.Next(run.Plan.Paths.Count / run.Plan.Namespaces.Count));
        var spec = new SecretSpec(ns, $"late-{++_newSecrets}", path, new Dictionary<string, (string, string)>(), random.Next(2, 6));
        run.Secrets.Expect(spec);
        await WorldSeeder.CreateSecretAsync(run.Client, spec, ct);
    }

    /// <summary>Syncer's requests to both doubles (the run's own go through hooks or a token counted apart).</summary>
    private long SyncerRequests => run.Api.Requests.Total + run.Vault.Requests.Total;

    private async Task WaitForRequestsAsync(int count, CancellationToken ct)
    {
        var target = SyncerRequests + count;
        var deadline = Stopwatch.StartNew();
        while (SyncerRequests < target)
        {
            if (deadline.Elapsed > StallAfter)
            {
                Stalls++;
                return;
            }

            await Task.Delay(20, ct);
        }
    }
}
