using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Syncer.Benchmarks.Cluster;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// The floor: the least a client must send to do what Syncer does, with Syncer's concurrency, against the same
/// sandbox. It knows the Secrets and what it last wrote to each (no list, no watch, no GET), reads each distinct
/// path once per pass (concurrent users of a path share the read), writes a Secret only when its data differs, and
/// rolls each Deployment that consumes a changed Secret with one patch once its Secrets are written. No Events, no
/// status, no retries. With <c>limited</c>, Vault reads go through Syncer's default token bucket (50/s, bursts of 100).
/// </summary>
internal sealed class Floor : IDisposable
{
    private readonly HttpClient _kube;
    private readonly HttpClient _vault;
    private readonly int _concurrency;
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);

    public Floor(Sandbox sandbox, int concurrency)
    {
        _kube = sandbox.Kube.CreateHttpClient();
        _kube.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.Kube.AdminToken);
        _vault = new HttpClient { BaseAddress = sandbox.Vault.Address };
        _vault.DefaultRequestHeaders.Add("X-Vault-Token", sandbox.Vault.RootToken);
        _concurrency = concurrency;
    }

    /// <summary>One pass over <paramref name="secrets"/> (which may still be arriving); the elapsed time of the pass.</summary>
    public async Task<TimeSpan> PassAsync(IAsyncEnumerable<SecretRef> secrets, IReadOnlyList<WorkloadRef> workloads, bool limited, CancellationToken ct)
    {
        using var limiter = limited ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 100, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue, AutoReplenishment = true,
        }) : null;
        var started = Stopwatch.GetTimestamp();
        var reads = new ConcurrentDictionary<string, Lazy<Task<string>>>(StringComparer.Ordinal);
        var changed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(secrets, Workers(ct), async (s, c) =>
        {
            var data = await reads.GetOrAdd(s.Path, p => new Lazy<Task<string>>(() => ReadAsync(p, limiter, c))).Value;
            var before = _written.GetValueOrDefault(s.Key);
            if (before == data)
            {
                return;
            }

            await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{s.Namespace}/secrets/{s.Name}", $"{{\"data\":{data}}}", c);
            _written[s.Key] = data;
            if (before is not null)
            {
                changed[s.Key] = true; // first fill rolls nothing
            }
        });

        var restartedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var roll = workloads.Where(w => w.Secrets.Any(name => changed.ContainsKey($"{w.Namespace}/{name}")));
        await Parallel.ForEachAsync(roll, Workers(ct), async (w, c) =>
            await SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{w.Namespace}/deployments/{w.Name}",
                $"{{\"spec\":{{\"template\":{{\"metadata\":{{\"annotations\":{{\"{Observer.FloorRestartAnnotation}\":\"{restartedAt}\"}}}}}}}}}}", c));
        return Stopwatch.GetElapsedTime(started);
    }

    public void Dispose()
    {
        _kube.Dispose();
        _vault.Dispose();
    }

    /// <summary>The path's KV v2 data as a Secret's <c>data</c> (values base64), as one JSON object.</summary>
    private async Task<string> ReadAsync(string path, RateLimiter? limiter, CancellationToken ct)
    {
        if (limiter is not null)
        {
            using var lease = await limiter.AcquireAsync(1, ct);
        }

        using var response = await _vault.GetAsync(new Uri($"/v1/{ClusterShape.Mount}/data/{path}", UriKind.Relative), ct);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var data = new JsonObject();
        foreach (var property in json.RootElement.GetProperty("data").GetProperty("data").EnumerateObject())
        {
            data[property.Name] = Convert.ToBase64String(Encoding.UTF8.GetBytes(property.Value.GetString() ?? ""));
        }

        return data.ToJsonString();
    }

    private async Task SendAsync(HttpMethod method, string path, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        using var response = await _kube.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"floor: {method} {path} answered {(int)response.StatusCode}");
        }
    }

    private ParallelOptions Workers(CancellationToken ct) => new() { MaxDegreeOfParallelism = _concurrency, CancellationToken = ct };
}
