namespace Syncer.Chaos.World;

/// <summary>
/// The run's world, drawn from the seed: namespaces <c>chaos-N</c>; per namespace Vault paths on the <c>secret</c>
/// mount and two on the <c>apps</c> mount (the one the mount-disabled fault takes away); labeled Secrets, most
/// filled from a whole path, some mapping two properties of one or two paths; and Deployments (plus one StatefulSet
/// and one DaemonSet) that each consume one to three of the namespace's Secrets.
/// </summary>
public sealed record WorldPlan(IReadOnlyList<string> Namespaces, IReadOnlyList<string> Paths, IReadOnlyList<SecretSpec> Secrets, IReadOnlyList<WorkloadSpec> Workloads)
{
    public const string AppsMount = "apps";

    public static WorldPlan Create(Random random, ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        var namespaces = Enumerable.Range(0, options.Namespaces).Select(i => $"chaos-{i}").ToList();
        var paths = new List<string>();
        var secrets = new List<SecretSpec>();
        var workloads = new List<WorkloadSpec>();
        foreach (var ns in namespaces)
        {
            var local = Enumerable.Range(0, options.PathsPerNamespace).Select(i => $"secret/{ns}/p{i}")
                .Concat(Enumerable.Range(0, 2).Select(i => $"{AppsMount}/{ns}/a{i}")).ToList();
            paths.AddRange(local);
            var names = new List<string>();
            for (var i = 0; i < options.SecretsPerNamespace; i++)
            {
                var refresh = random.Next(options.RefreshSeconds.Min, options.RefreshSeconds.Max + 1);
                var name = $"s{i}";
                names.Add(name);
                secrets.Add(random.NextDouble() < 0.75
                    ? new SecretSpec(ns, name, Pick(random, local), new Dictionary<string, (string, string)>(), refresh)
                    : new SecretSpec(ns, name, null, new Dictionary<string, (string, string)>
                    {
                        ["user"] = (Pick(random, local), "k0"),
                        ["password"] = (Pick(random, local), "k1"),
                    }, refresh));
            }

            var kinds = Enumerable.Repeat("Deployment", options.DeploymentsPerNamespace).Append("StatefulSet").Append("DaemonSet");
            workloads.AddRange(kinds.Select((kind, i) => new WorkloadSpec(kind, ns, $"{kind.ToLowerInvariant()}-{i}",
                [.. names.OrderBy(_ => random.Next()).Take(random.Next(1, 4))])));
        }

        return new WorldPlan(namespaces, paths, secrets, workloads);
    }

    private static string Pick(Random random, IReadOnlyList<string> items) => items[random.Next(items.Count)];
}
