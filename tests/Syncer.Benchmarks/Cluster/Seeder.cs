using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Syncer.Benchmarks.Cluster;

/// <summary>
/// Seeds a <see cref="ClusterShape"/> through the harness's client: Vault paths through the double's hook, namespaces,
/// labeled Secrets (no data) and Deployments over HTTP, in parallel. Deleting the namespaces clears it at once (the
/// double deletes a namespace and its content instantly; the controllers collect what the Deployments owned).
/// </summary>
internal sealed class Seeder(Sandbox sandbox, BenchOptions options)
{
    private const int Parallelism = 32;

    /// <summary>The main cluster's Secrets carry a cron schedule (all due at once); the growth series' a 1 h refresh.</summary>
    public static KeyValuePair<string, string> Schedule(string cron) => new("syncer.io/schedule", cron);

    public static KeyValuePair<string, string> Refresh(TimeSpan interval) => new("syncer.io/refresh", $"{(int)interval.TotalSeconds}s");

    public async Task SeedAsync(ClusterShape shape, KeyValuePair<string, string> timing, CancellationToken ct)
    {
        shape.Validate();
        foreach (var (ns, p) in shape.AllPaths())
        {
            WriteVault(ns, p, 1);
        }

        for (var ns = 0; ns < shape.Namespaces; ns++)
        {
            sandbox.Kube.AddNamespace(ClusterShape.NamespaceName(ns));
        }

        await CreateSecretsAsync(shape.AllSecrets(), timing, ct);
        await Parallel.ForEachAsync(shape.AllWorkloads(), Options(ct), async (w, c) =>
            await PostAsync($"/apis/apps/v1/namespaces/{w.Namespace}/deployments", Deployment(w), c));
    }

    /// <summary>Creates the Secrets in parallel; <paramref name="created"/> hears of each once the API server has it.</summary>
    public Task CreateSecretsAsync(IEnumerable<SecretRef> secrets, KeyValuePair<string, string> timing, CancellationToken ct, Action<SecretRef>? created = null) =>
        Parallel.ForEachAsync(secrets, Options(ct), async (s, c) =>
        {
            await PostAsync($"/api/v1/namespaces/{s.Namespace}/secrets", Secret(s, timing), c);
            created?.Invoke(s);
        });

    /// <summary>Deletes the shape's namespaces (at once, with all they hold).</summary>
    public async Task ClearAsync(ClusterShape shape, CancellationToken ct)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, shape.Namespaces), Options(ct), async (ns, c) =>
        {
            using var response = await sandbox.Harness.DeleteAsync(new Uri($"/api/v1/namespaces/{ClusterShape.NamespaceName(ns)}", UriKind.Relative), c);
        });
    }

    /// <summary>A new version of the path: a value no earlier version had.</summary>
    public void WriteVault(int ns, int p, int generation) =>
        sandbox.Vault.WriteSecret(ClusterShape.Mount, ClusterShape.PathName(ns, p), new Dictionary<string, object?>
        {
            ["username"] = $"app-{p}",
            ["password"] = $"g{generation}-" + RandomNumberGenerator.GetHexString(16, lowercase: true),
        });

    private async Task PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        using var response = await sandbox.Harness.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"seeding POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private static JsonObject Secret(SecretRef s, KeyValuePair<string, string> timing) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = s.Name,
            ["labels"] = new JsonObject { ["syncer.io/enabled"] = "true" },
            ["annotations"] = new JsonObject
            {
                ["syncer.io/path"] = $"{ClusterShape.Mount}/{s.Path}",
                [timing.Key] = timing.Value,
            },
        },
        ["type"] = "Opaque",
    };

    private JsonObject Deployment(WorkloadRef w) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = w.Name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = options.Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = w.Name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = w.Name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = "app:1",
                        ["envFrom"] = new JsonArray([.. w.Secrets.Select(s => (JsonNode)new JsonObject { ["secretRef"] = new JsonObject { ["name"] = s } })]),
                    }),
                },
            },
        },
    };

    private static ParallelOptions Options(CancellationToken ct) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
}
