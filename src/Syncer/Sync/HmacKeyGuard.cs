using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Kubernetes;
using Syncer.Leadership;

namespace Syncer.Sync;

/// <summary>
/// Checks every <see cref="SyncOptions.HmacKeyCheckInterval"/> that the data-hash key Secret still holds the key this
/// process uses (<see cref="HmacKeyStore.EnsureStoredAsync"/>: one GET by name), on the injected clock, while this
/// replica leads (the leader writes; a standby would only repeat its reports). A failed check is logged and tried at
/// the next tick.
/// </summary>
internal sealed class HmacKeyGuard(
    HmacKeyStore keys, ILeadership leadership, IOptions<SyncOptions> options, TimeProvider timeProvider, ILogger<HmacKeyGuard> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HmacKeyCheckInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!leadership.IsLeader)
                {
                    continue;
                }

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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
