using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Syncer.Observability;
using Syncer.Vault.Configuration;

namespace Syncer.Vault.Http;

/// <summary>
/// The Go client's <c>api.DefaultRetryPolicy</c> as a Polly pipeline: 429, 412, and 5xx except 501 are retried, as
/// are transport errors (not an untrusted certificate); every other status fails at once. A 429 or 503 with a
/// <c>Retry-After</c> waits exactly that long; otherwise the wait before retry n is n × rand[MinWait, MaxWait]
/// (<c>RateLimitLinearJitterBackoff</c>). Delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal static class VaultRetryPolicy
{
    private const string UpgradingKv = "Upgrading from non-versioned to versioned data";

    public static ResiliencePipeline<VaultResponse> Build(VaultRetrySettings settings, TimeProvider timeProvider, SyncerMetrics metrics, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<VaultResponse> { TimeProvider = timeProvider };
        if (settings.MaxAttempts <= 1)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<VaultResponse>
        {
            MaxRetryAttempts = settings.MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken, settings, timeProvider)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.Outcome, args.AttemptNumber, settings, timeProvider)),
            OnRetry = args =>
            {
                var reason = Reason(args.Outcome);
                metrics.VaultRetriesTotal.WithLabels(reason).Inc();
                Log.Retrying(logger, reason, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    internal static bool IsRetryableStatus(int status) => status is 429 or 412 or 0 || (status >= 500 && status != 501);

    private static bool ShouldRetry(Outcome<VaultResponse> outcome, CancellationToken cancellationToken, VaultRetrySettings settings, TimeProvider timeProvider)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return outcome switch
        {
            { Exception: HttpRequestException e } => e.InnerException is not AuthenticationException,
            { Exception: OperationCanceledException } => true, // HttpClient's per-attempt timeout; the caller did not cancel
            { Result: { } r } when r.StatusCode == 400 => r.Body.Contains(UpgradingKv, StringComparison.Ordinal),
            { Result: { } r } => IsRetryableStatus(r.StatusCode) && !(RetryAfter(r, timeProvider) > settings.MaxRetryAfter),
            _ => false,
        };
    }

    private static TimeSpan Delay(Outcome<VaultResponse> outcome, int attemptNumber, VaultRetrySettings settings, TimeProvider timeProvider)
    {
        if (outcome.Result is { StatusCode: 429 or 503 } r && RetryAfter(r, timeProvider) is { } told)
        {
            return told;
        }

        var span = settings.MaxWait - settings.MinWait;
        var wait = settings.MinWait + (span * Random.Shared.NextDouble());
        return wait * (attemptNumber + 1);
    }

    /// <summary><c>Retry-After</c> as seconds or as an HTTP date (Vault's quota sends RFC 1123), measured from now.</summary>
    internal static TimeSpan? RetryAfter(VaultResponse response, TimeProvider timeProvider) => response.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > timeProvider.GetUtcNow() ? date - timeProvider.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    private static string Reason(Outcome<VaultResponse> outcome) => outcome switch
    {
        { Result: { StatusCode: 429 } } => "429",
        { Result: { StatusCode: 412 } } => "412",
        { Result: { StatusCode: 503 } } => "503",
        { Result: { StatusCode: >= 500 } } => "5xx",
        { Result: { } } => "4xx",
        { Exception: OperationCanceledException } => "timeout",
        _ => "transport",
    };
}
