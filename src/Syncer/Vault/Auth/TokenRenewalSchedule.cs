namespace Syncer.Vault.Auth;

/// <summary>
/// The arithmetic of Vault's <c>api.LifetimeWatcher</c> (vault-api.md §4): grace is 10% of the lease plus up to 10%
/// more at random; the next renewal comes after 2/3 of the lease plus a third of the grace (about 67–73%); and when
/// what would be left after that sleep is within grace, renewing is pointless (max TTL reached): log in again.
/// </summary>
internal static class TokenRenewalSchedule
{
    public static TimeSpan Grace(TimeSpan lease, TimeSpan? increment, double random)
    {
        var basis = increment is { } i && i > TimeSpan.Zero && i < lease ? i : lease;
        return (basis * 0.1) + (basis * 0.1 * random);
    }

    public static TimeSpan Sleep(TimeSpan lease, TimeSpan grace) => (lease * 2 / 3) + (grace / 3);

    public static bool MustLogInAgain(TimeSpan lease, TimeSpan grace, TimeSpan sleep) => lease <= grace || lease - sleep <= grace;

    /// <summary>Backoff after a failed renewal: 10 s, doubling, at most 5 min.</summary>
    public static TimeSpan ErrorBackoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, Math.Max(0, failures - 1))));
}
