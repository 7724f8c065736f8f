using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Syncer.Benchmarks.Measuring;

/// <summary>
/// What the cluster shows, seen as a user would see it: one watch on the labeled Secrets (full objects, so the data)
/// and one on the Deployments, through the harness's token (no injected latency, counted apart). Times are this
/// process's monotonic clock when an event arrives: a Secret is synced when its data first appears, rotated when
/// its data changes again, and a Deployment rolled when its pod template's restart annotation (Syncer's or the
/// floor's) takes a new value.
/// </summary>
internal sealed class Observer : IAsyncDisposable
{
    public const string SyncerRestartAnnotation = "syncer.io/restarted-at";
    public const string FloorRestartAnnotation = "floor.syncer.io/restarted-at";

    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    public Observer(HttpClient harness)
    {
        _client = harness;
        _loops =
        [
            Task.Run(() => WatchAsync("/api/v1/secrets?labelSelector=syncer.io%2Fenabled%3Dtrue", OnSecret)),
            Task.Run(() => WatchAsync("/apis/apps/v1/deployments?", OnWorkload)),
        ];
    }

    public ConcurrentDictionary<string, SecretSeen> Secrets { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, WorkloadSeen> Workloads { get; } = new(StringComparer.Ordinal);

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="within"/> passes.</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan within, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync(string path, Action<string, string, JsonElement> onEvent)
    {
        var resourceVersion = "";
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var rv = resourceVersion.Length > 0 ? $"&resourceVersion={resourceVersion}" : "";
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{path}&watch=true&allowWatchBookmarks=true{rv}", UriKind.Relative));
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    using var json = JsonDocument.Parse(line);
                    var type = json.RootElement.GetProperty("type").GetString()!;
                    var obj = json.RootElement.GetProperty("object");
                    if (type == "ERROR")
                    {
                        resourceVersion = ""; // 410: start again with synthetic ADDED events
                        break;
                    }

                    var metadata = obj.GetProperty("metadata");
                    resourceVersion = metadata.GetProperty("resourceVersion").GetString() ?? resourceVersion;
                    if (type != "BOOKMARK")
                    {
                        onEvent(type, $"{metadata.GetProperty("namespace").GetString()}/{metadata.GetProperty("name").GetString()}", obj);
                    }
                }
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                await Task.Delay(100).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    private void OnSecret(string type, string key, JsonElement obj)
    {
        if (type == "DELETED")
        {
            Secrets.TryRemove(key, out _);
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var uid = Uid(obj);
        var seen = Secrets.AddOrUpdate(key, _ => new SecretSeen(uid, now), (_, old) => old.Uid == uid ? old : new SecretSeen(uid, now));
        var data = obj.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object && d.EnumerateObject().Any() ? d.GetRawText() : null;
        lock (seen)
        {
            if (data is not null && data != seen.Data)
            {
                seen.FirstData = seen.FirstData == 0 ? now : seen.FirstData;
                seen.LastDataChange = now;
                seen.DataChanges++;
                seen.Data = data;
            }
        }
    }

    private void OnWorkload(string type, string key, JsonElement obj)
    {
        if (type == "DELETED")
        {
            Workloads.TryRemove(key, out _);
            return;
        }

        var annotations = obj.GetProperty("spec").GetProperty("template").TryGetProperty("metadata", out var m)
            && m.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var stamp = annotations.ValueKind == JsonValueKind.Object
            ? $"{Value(annotations, SyncerRestartAnnotation)}|{Value(annotations, FloorRestartAnnotation)}" : "|";
        var now = Stopwatch.GetTimestamp();
        var uid = Uid(obj);
        var seen = Workloads.AddOrUpdate(key, _ => new WorkloadSeen(uid, stamp), (_, old) => old.Uid == uid ? old : new WorkloadSeen(uid, stamp));
        lock (seen)
        {
            if (stamp != seen.Stamp)
            {
                seen.Stamp = stamp;
                seen.Rollouts++;
                seen.LastRollout = now;
            }
        }
    }

    private static string Uid(JsonElement obj) => obj.GetProperty("metadata").GetProperty("uid").GetString() ?? "";

    private static string? Value(JsonElement annotations, string key) =>
        annotations.TryGetProperty(key, out var v) ? v.GetString() : null;
}

/// <summary>One labeled Secret (a new uid under the same name is a new entry) as the observer saw it (timestamps: <see cref="Stopwatch.GetTimestamp"/>).</summary>
internal sealed class SecretSeen(string uid, long added)
{
    public string Uid { get; } = uid;
    public long Added { get; } = added;
    public long FirstData { get; set; }
    public long LastDataChange { get; set; }
    public int DataChanges { get; set; }
    public string? Data { get; set; }
}

/// <summary>One Deployment: its restart stamps and how many times they changed since it was first seen.</summary>
internal sealed class WorkloadSeen(string uid, string stamp)
{
    public string Uid { get; } = uid;
    public string Stamp { get; set; } = stamp;
    public int Rollouts { get; set; }
    public long LastRollout { get; set; }
}
