using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Leadership;

namespace Syncer.Sync;

/// <summary>
/// Checks that the data-hash key Secret still holds the key this process uses (<see cref="HmacKeyStore.EnsureStoredAsync"/>:
/// one GET by name) at the start of each leadership term (a replica leading again adopts a key another replica stored
/// meanwhile before it rewrites hashes under its old one) and every <see cref="SyncOptions.HmacKeyCheckInterval"/>
/// while it leads (the leader writes; a standby would only repeat its reports), on the injected clock. A failed check
/// is logged and tried at the next tick.
/// </summary>
internal sealed class HmacKeyGuard(
    HmacKeyStore keys, ILeadership leadership, IOptions<SyncOptions> options, TimeProvider timeProvider, ILogger<HmacKeyGuard> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(CheckEachTermAsync(stoppingToken), CheckPeriodicallyAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private Task CheckEachTermAsync(CancellationToken stoppingToken) => leadership.AtEachTermStartAsync(CheckAsync, stoppingToken);

    private async Task CheckPeriodicallyAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HmacKeyCheckInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (leadership.IsLeader)
            {
                await CheckAsync(stoppingToken);
            }
        }
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        try
        {
            await keys.EnsureStoredAsync(stoppingToken);
        }
        catch (Exception ex) when (SecretClient.IsFailure(ex, stoppingToken))
        {
            Log.HmacKeyCheckFailed(logger, SecretClient.Describe("checking the data-hash key Secret", ex));
        }
    }
}
