namespace Syncer.Vault.Auth;

/// <summary>
/// Vault's <c>api.LifetimeWatcher</c> for the shared token, on the injected <see cref="TimeProvider"/>: renew at about
/// two thirds of the lease (with jitter); when the token is not renewable, wait out the same share of its life and log
/// in again; when a renewal no longer extends it (max TTL), or renewals keep failing into the grace period, log in
/// again. One watcher per login; a new login stops the old one.
/// </summary>
internal static class TokenLifetimeWatcher
{
    // Task.Delay refuses more than about 49.7 days; a year-long token TTL is legal, so long waits go in steps.
    private static readonly TimeSpan MaxDelayStep = TimeSpan.FromDays(1);

    public static async Task RunAsync(VaultTokenManager manager, VaultTokenState state, CancellationToken stop)
    {
        var time = manager.TimeProvider;
        var logger = manager.Logger;
        var priorLease = TimeSpan.Zero;
        var grace = TimeSpan.Zero;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var lease = state.LeaseDuration;
                if (lease > priorLease)
                {
                    grace = TokenRenewalSchedule.Grace(lease, manager.RenewIncrement, Random.Shared.NextDouble());
                }

                priorLease = lease;
                var sleep = TokenRenewalSchedule.Sleep(lease, grace);
                if (state.Renewable && TokenRenewalSchedule.MustLogInAgain(lease, grace, sleep))
                {
                    await ReloginAsync(manager, state, "renewal no longer extends the token (max TTL)", rejected: false, stop);
                    return;
                }

                Log.RenewalScheduled(logger, sleep, lease, grace);
                await SleepAsync(sleep, time, stop);
                if (!state.Renewable)
                {
                    await ReloginAsync(manager, state, "the token is not renewable", rejected: false, stop);
                    return;
                }

                var renewed = await RenewWithBackoffAsync(manager, state, grace, stop);
                if (renewed is null)
                {
                    return;
                }

                state = renewed;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // a newer login or disposal took over
        }
        catch (ObjectDisposedException)
        {
            // the client was disposed while this watcher was between two steps
        }
        catch (Exception e)
        {
            // Never die silently: say so; the next read that finds the token expired logs in again.
            Log.WatcherStopped(logger, e.GetType().Name);
        }
    }

    private static async Task SleepAsync(TimeSpan total, TimeProvider time, CancellationToken stop)
    {
        while (total > TimeSpan.Zero)
        {
            var step = total < MaxDelayStep ? total : MaxDelayStep;
            await Task.Delay(step, time, stop);
            total -= step;
        }
    }

    private static async Task<VaultTokenState?> RenewWithBackoffAsync(VaultTokenManager manager, VaultTokenState state, TimeSpan grace, CancellationToken stop)
    {
        var time = manager.TimeProvider;
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await manager.RenewAsync(state, stop);
            }
            catch (VaultForbiddenException)
            {
                await ReloginAsync(manager, state, "renewal refused: the token is revoked", rejected: true, stop);
                return null;
            }
            catch (VaultApiException e)
            {
                var backoff = TokenRenewalSchedule.ErrorBackoff(failures);
                var remaining = (state.ExpiresAt ?? time.GetUtcNow()) - time.GetUtcNow();
                if (remaining - backoff <= grace)
                {
                    await ReloginAsync(manager, state, "renewal failed into the grace period", rejected: false, stop);
                    return null;
                }

                Log.RenewalFailed(manager.Logger, backoff, e.Message);
                await Task.Delay(backoff, time, stop);
            }
        }
    }

    /// <summary>Logs in again, retrying with the renewal backoff until it works or a newer login takes over.</summary>
    private static async Task ReloginAsync(VaultTokenManager manager, VaultTokenState stale, string why, bool rejected, CancellationToken stop)
    {
        for (var failures = 1; !stop.IsCancellationRequested; failures++)
        {
            try
            {
                await manager.ReloginAsync(stale, why, rejected, stop);
                return;
            }
            catch (Exception e) when (e is VaultApiException or InvalidOperationException)
            {
                await Task.Delay(TokenRenewalSchedule.ErrorBackoff(failures), manager.TimeProvider, stop);
            }
        }
    }
}
