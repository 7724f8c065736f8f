using Syncer.Chaos.World;
using Syncer.Doubles.Vault;

namespace Syncer.Chaos.Faults;

/// <summary>The faults of the matrix (issue 12), as data: each injects through the doubles and returns its own clear.</summary>
public static class FaultCatalog
{
    public const string Vault = "vault";
    public const string Kubernetes = "kubernetes";

    public static IReadOnlyList<FaultKind> All { get; } =
    [
        new("vault-sealed", Vault, (c, _) => { c.Vault.Sealed = true; return () => c.Vault.Sealed = false; }),
        new("vault-429", Vault, (c, r) => Queued(c, () => c.Vault.Faults.FailNext(int.MaxValue, 429, retryAfter: "1", pathPrefix: Prefix(r)))),
        new("vault-5xx", Vault, (c, r) =>
        {
            var status = new[] { 500, 502, 503 }[r.Next(3)];
            return Queued(c, () => c.Vault.Faults.FailNext(int.MaxValue, status, pathPrefix: Prefix(r)));
        }),
        new("vault-refused", Vault, (c, _) => { c.VaultGate.Refuse(); return c.VaultGate.Admit; }),
        new("vault-slow-read", Vault, (c, r) => Queued(c, () => c.Vault.Faults.DelayNext(int.MaxValue, TimeSpan.FromSeconds(10), Prefix(r)))),
        new("vault-token-expired", Vault, (c, _) =>
        {
            var old = c.CurrentToken;
            c.IssueToken(TimeSpan.FromSeconds(3), renewable: false); // Syncer moves to it, then it expires with nothing newer
            c.Vault.RevokeToken(old);
            return () => c.IssueToken(TimeSpan.FromHours(4), renewable: true);
        }),
        new("vault-403", Vault, (c, _) =>
        {
            c.Vault.PutPolicy("syncer", new PolicyRule("nothing/*", "read"));
            return () => GrantSyncer(c.Vault);
        }),
        new("vault-path-deleted", Vault, (c, r) =>
        {
            var path = Writable(c, r);
            c.DeletePath(path);
            return () => c.History.Write(path, withK2: false);
        }),
        new("vault-version-destroyed", Vault, (c, r) =>
        {
            var path = Writable(c, r);
            var (mount, rest) = VaultHistory.Split(path);
            c.Vault.DestroyVersions(mount, rest, c.History.Latest(path)!.Number);
            return () => c.History.Write(path, withK2: true);
        }),
        new("vault-mount-disabled", Vault, (c, _) =>
        {
            c.Vault.DisableMount(WorldPlan.AppsMount);
            c.DisabledMounts.Add(WorldPlan.AppsMount);
            return () =>
            {
                c.Vault.EnableMount(VaultMount.Kv(WorldPlan.AppsMount, 2));
                c.DisabledMounts.Remove(WorldPlan.AppsMount);
                foreach (var path in c.Plan.Paths.Where(p => p.StartsWith(WorldPlan.AppsMount + "/", StringComparison.Ordinal)))
                {
                    c.History.Write(path, withK2: false);
                }
            };
        }),
        new("k8s-conflict-storm", Kubernetes, (c, r) => { c.Api.Faults.ForceConflicts("secrets", r.Next(20, 80)); return c.Api.Faults.Clear; }),
        new("k8s-429", Kubernetes, (c, r) => { c.Api.Faults.SetErrorRate("patch", "secrets", 0.5 + (r.NextDouble() / 2), 429); return c.Api.Faults.Clear; }),
        new("k8s-5xx", Kubernetes, (c, r) =>
        {
            c.Api.Faults.SetErrorRate("*", "secrets", 0.5 + (r.NextDouble() / 2), new[] { 500, 503, 504 }[r.Next(3)]);
            c.Api.Faults.DropWatches();
            return c.Api.Faults.Clear;
        }),
        new("k8s-slow-write", Kubernetes, (c, r) => { c.Api.Faults.SetLatency("patch", "secrets", TimeSpan.FromMilliseconds(r.Next(500, 4000))); return c.Api.Faults.Clear; }),
        new("k8s-rollout-patch-5xx", Kubernetes, (c, r) =>
        {
            // Syncer's rollout patches refused: RestartFailed, retried with backoff, the pending mark kept until accepted.
            c.Api.Faults.SetErrorRate("patch", "deployments", 0.5 + (r.NextDouble() / 2), new[] { 500, 503 }[r.Next(2)]);
            return c.Api.Faults.Clear;
        }),
        new("k8s-watch-dropped", Kubernetes, (c, _) => { c.Api.Faults.DropWatches(); return () => { }; }),
        new("k8s-watch-expired", Kubernetes, (c, _) => { c.Api.Faults.ExpireWatches(); return () => { }; }),
    ];

    /// <summary>Syncer's Vault policy: read on both KV mounts of the run.</summary>
    public static void GrantSyncer(VaultDouble vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        vault.PutPolicy("syncer", new PolicyRule("secret/data/*", "read"), new PolicyRule($"{WorldPlan.AppsMount}/data/*", "read"));
    }

    /// <summary>Every Vault request (logins and lookups too), or only the KV reads.</summary>
    private static string? Prefix(Random random) => random.Next(2) == 0 ? null : "secret/data/";

    /// <summary>A queued Vault fault: its clear drops every queued Vault fault (only one Vault fault is active at a time).</summary>
    private static Action Queued(FaultContext context, Action queue)
    {
        queue();
        return context.Vault.Faults.Clear;
    }

    private static string Writable(FaultContext context, Random random)
    {
        var paths = context.Plan.Paths.Where(p => !context.DisabledMounts.Contains(VaultHistory.Split(p).Mount)).ToList();
        return paths[random.Next(paths.Count)];
    }
}
