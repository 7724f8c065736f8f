using System.Diagnostics;
using k8s;
using Syncer.Chaos.Checking;
using Syncer.Chaos.Faults;
using Syncer.Chaos.Leaks;
using Syncer.Chaos.World;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Kubernetes.Controllers;
using Syncer.Doubles.Vault;

namespace Syncer.Chaos;

/// <summary>
/// One chaos run (issue 12): the doubles (Kubernetes with its workload controllers, Vault behind a gate) in this
/// process, the real Syncer binary in another; the world from the seed; the initial fill; the <see cref="Driver"/>'s
/// fault phase; then every fault cleared and, within about one refresh interval, every Secret must match Vault. The
/// checker watches throughout; at the end, everything Syncer emitted is searched for the values written to Vault.
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosResult> RunAsync(ChaosOptions options, TextWriter progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        var syncerDll = FindSyncer(options);
        var random = new Random(options.Seed);
        var output = Directory.CreateDirectory(Path.Combine(options.OutputDirectory.Length > 0 ? options.OutputDirectory : Path.GetTempPath(), $"chaos-seed-{options.Seed}")).FullName;
        foreach (var stale in Directory.EnumerateFiles(output, "syncer-*.log"))
        {
            File.Delete(stale); // a replay of the seed starts its logs afresh
        }

        var plan = WorldPlan.Create(random, options);
        var values = new LeakValues(random);

        await using var api = await KubeApiDouble.StartAsync(new KubeApiDoubleOptions { Namespaces = [SyncerProcess.Namespace, .. plan.Namespaces] }, ct);
        await using var controllers = await ClusterControllers.StartAsync(api, cancellationToken: ct);
        await using var vault = await VaultDouble.StartAsync(new VaultDoubleOptions { Mounts = [VaultMount.Kv(WorldPlan.AppsMount, 2)] }, ct);
        await using var gate = LoopbackGate.Start(vault.Address);
        api.AddToken("chaos-driver", "chaos-driver", new RequestCounter(), new AccessRule(["*"], ["*"]));
        using var client = new k8s.Kubernetes(api.CreateClientConfiguration("chaos-driver"));

        var violations = new Violations();
        var history = new VaultHistory(vault, values);
        var secrets = new SecretInvariants(history, violations);
        var rollouts = new RolloutInvariants(secrets, plan, options.Debounce, violations);
        var faults = new FaultContext(api, vault, gate, history, plan, Path.Combine(output, "vault-token"));
        FaultCatalog.GrantSyncer(vault);
        faults.IssueToken(TimeSpan.FromHours(4), renewable: true);
        foreach (var path in plan.Paths)
        {
            history.Write(path, withK2: random.Next(2) == 0);
        }

        foreach (var spec in plan.Secrets)
        {
            secrets.Expect(spec);
        }

        await using var watch = new ClusterWatch(client, secrets, rollouts, violations);
        watch.Start();
        await WorldSeeder.CreateAsync(client, plan, ct);
        var settings = SyncerProcess.Settings(api, gate.Address, faults.TokenFile, output);
        settings["Syncer__Restart__Debounce"] = options.Debounce.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        await using var syncer = new SyncerProcess(syncerDll, settings, output);
        var run = new ChaosContext(api, vault, client, plan, history, faults, secrets, syncer);
        progress.WriteLine($"chaos seed={options.Seed}: {plan.Secrets.Count} Secrets, {plan.Workloads.Count} workloads, {plan.Paths.Count} Vault paths; output in {output}");

        syncer.Start();
        var filled = await ConvergeAsync(secrets.Mismatches, TimeSpan.FromSeconds(60 + plan.Secrets.Count / 2), ct);
        violations.Check(filled is not null, "the initial fill completes", () => $"{secrets.Mismatches().Count} Secrets were never filled: {string.Join("; ", secrets.Mismatches().Take(5))}");
        progress.WriteLine($"initial fill: {(filled is { } f ? $"{f.TotalSeconds:0.0} s" : "incomplete")}; fault phase for up to {options.Duration} / {options.MaxSteps} steps");

        var driver = new Driver(random, run);
        await driver.RunAsync(options.Duration, options.MaxSteps, ct);
        driver.ClearAll();
        progress.WriteLine($"fault phase: {driver.Steps} steps by {clock.Elapsed.TotalSeconds:0} s; every fault cleared");
        if (!syncer.Running)
        {
            syncer.Start();
        }

        // Two refresh intervals (the next periodic sync, the read cache's window), then the debounce and a retried patch.
        IReadOnlyList<string> Unsettled() => [.. secrets.Mismatches(), .. rollouts.Unsettled()];
        var converged = await ConvergeAsync(Unsettled, TimeSpan.FromSeconds((2 * options.RefreshSeconds.Max) + 45) + options.Debounce, ct);
        violations.Check(converged is not null, "once faults stop, every Secret matches Vault within a refresh interval and its consumers are rolled",
            () => string.Join("; ", Unsettled().Take(10)));
        violations.Check(api.UnchangedWrites.Total == 0, SecretInvariants.WriteChanges,
            () => "writes that changed nothing: " + string.Join(", ", api.UnchangedWrites.Snapshot().Select(kv => $"{kv.Key} {kv.Value}")));
        await run.ScrapeAsync(ct);
        await syncer.StopAsync(ct);
        await watch.DisposeAsync();
        rollouts.CheckAtEnd();
        progress.WriteLine($"converged: {(converged is { } c ? $"{c.TotalSeconds:0.0} s" : "no")}; Syncer stopped by {clock.Elapsed.TotalSeconds:0} s; searching its output for secret values");

        var (scanned, leaks) = await ScanForLeaksAsync(run, watch, values, ct);
        return new ChaosResult
        {
            Options = options,
            OutputDirectory = output,
            Elapsed = clock.Elapsed,
            Steps = driver.Steps,
            Stalls = driver.Stalls,
            Secrets = plan.Secrets.Count,
            Workloads = plan.Workloads.Count,
            VaultPaths = plan.Paths.Count,
            FaultsInjected = driver.Injected,
            Kills = syncer.Kills,
            KillsWithRolloutPending = run.KillsWithRolloutPending,
            VaultWrites = history.Writes,
            Fills = secrets.Fills,
            DataWrites = secrets.DataWrites,
            StatusWrites = secrets.StatusWrites,
            UnchangedWrites = api.UnchangedWrites.Total,
            Rollouts = rollouts.Rollouts,
            InvariantChecks = violations.Checks,
            ChecksByInvariant = violations.ChecksByInvariant,
            Violations = violations.All,
            ConvergedAfter = converged,
            LeakScannedBytes = scanned,
            LeakValues = values.Issued.Count,
            Leaks = leaks,
        };
    }

    /// <summary>Polls until nothing is <paramref name="unsettled"/> (every Secret holds Vault's latest values with no error, ...); the time it took, or null at the deadline.</summary>
    private static async Task<TimeSpan?> ConvergeAsync(Func<IReadOnlyList<string>> unsettled, TimeSpan within, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (unsettled().Count > 0)
        {
            if (clock.Elapsed > within)
            {
                return null;
            }

            await Task.Delay(250, ct);
        }

        return clock.Elapsed;
    }

    /// <summary>Syncer's logs (every start, Trace, exceptions included), its metrics, and what it wrote in the cluster.</summary>
    private static async Task<(long Bytes, IReadOnlyList<LeakHit> Hits)> ScanForLeaksAsync(ChaosContext run, ClusterWatch watch, LeakValues values, CancellationToken ct)
    {
        var scanner = new LeakScanner(values.Issued);
        var hits = new List<LeakHit>();
        long bytes = 0;
        void Scan(string where, string text)
        {
            bytes += text.Length;
            hits.AddRange(scanner.Scan(where, text));
        }

        foreach (var file in run.Syncer.LogFiles.Where(File.Exists))
        {
            var n = 0;
            foreach (var line in File.ReadLines(file))
            {
                Scan($"{Path.GetFileName(file)}:{++n}", line);
            }
        }

        foreach (var (text, i) in run.MetricsScrapes.Select((t, i) => (t, i)))
        {
            Scan($"metrics scrape #{i + 1}", text);
        }

        foreach (var (where, text) in watch.Texts.Concat(await ClusterTexts.ReadAsync(run.Client, ct)))
        {
            Scan(where, text);
        }

        return (bytes, hits);
    }

    /// <summary>The given Syncer.dll, else the repository's build output for this build's configuration.</summary>
    private static string FindSyncer(ChaosOptions options)
    {
        if (options.SyncerDll.Length > 0)
        {
            return Path.GetFullPath(options.SyncerDll);
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent?.Name ?? "Release"; // bin/<configuration>/net10.0
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Syncer", "bin", configuration, "net10.0", "Syncer.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Syncer.dll not found: build the solution first, or pass --syncer PATH.");
    }
}
