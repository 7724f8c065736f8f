using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Quartz;
using Syncer.Leadership;
using Syncer.Observability;
using Syncer.Scheduling;
using Syncer.Sync;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Leadership;

/// <summary>One Syncer replica of <see cref="Replicas"/>: the real host under its own identity and token.</summary>
internal sealed class Replica(string identity, string token, SyncerTestHost host, RequestCountingHandler requests, FakeLogCollector logs) : IAsyncDisposable
{
    private bool _stopped;

    public string Identity { get; } = identity;

    /// <summary>Its bearer token at the Kubernetes double (rights can be changed per replica).</summary>
    public string Token { get; } = token;

    public SyncerTestHost Host { get; } = host;

    /// <summary>What its KubernetesClient sent.</summary>
    public RequestCountingHandler Requests { get; } = requests;

    public FakeLogCollector Logs { get; } = logs;

    public ILeadership Leadership => Host.Services.GetRequiredService<ILeadership>();

    public bool IsLeader => Leadership.IsLeader;

    public SyncerMetrics Metrics => Host.Services.GetRequiredService<SyncerMetrics>();

    public SyncDispatcher Dispatcher => Host.Services.GetRequiredService<SyncDispatcher>();

    public ManagedSecretStore Store => Host.Services.GetRequiredService<ManagedSecretStore>();

    public long SecretPatches => Requests.Count(HttpMethod.Patch, "secrets");

    public bool Logged(string text) => Logs.GetSnapshot().Any(r => r.Message.Contains(text, StringComparison.Ordinal));

    public async Task<bool> HasJobAsync(SecretKey key, CancellationToken ct)
    {
        var scheduler = await Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        return await scheduler.Exists(SecretJobScheduler.JobKeyFor(key), ct);
    }

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Host.BaseAddress };
        return await http.GetAsync(new Uri(path, UriKind.Relative), ct);
    }

    /// <summary>A graceful stop, as Kubernetes' SIGTERM does it: running work finishes, the Lease is released.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (!_stopped)
        {
            _stopped = true;
            await Host.App.StopAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await Host.DisposeAsync();
        }
        else
        {
            await Host.App.DisposeAsync();
        }
    }
}
