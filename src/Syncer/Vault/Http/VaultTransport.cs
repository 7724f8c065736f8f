using System.Net.Http.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Syncer.Observability;
using Syncer.Vault.Configuration;

namespace Syncer.Vault.Http;

/// <summary>
/// Sends one logical request to Vault: one wait on the client-side rate limiter, then up to
/// <see cref="VaultRetrySettings.MaxAttempts"/> HTTP attempts through the retry pipeline. Each attempt carries
/// <c>X-Vault-Request: true</c>, the token and the namespace (and, with a TLS server name, that name as its Host),
/// and is counted by operation and status class. Returns the final answer whatever its status; throws
/// <see cref="VaultUnavailableException"/> when no attempt got one.
/// </summary>
internal sealed class VaultTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<VaultResponse> _pipeline;
    private readonly TokenBucketRateLimiter? _limiter;
    private readonly string? _host;
    private readonly string? _namespace;
    private readonly SyncerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public VaultTransport(VaultClientSettings settings, SyncerMetrics metrics, ILogger logger, TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _metrics = metrics;
        _logger = logger;
        _timeProvider = timeProvider;
        _namespace = string.IsNullOrWhiteSpace(settings.Namespace) ? null : settings.Namespace.Trim('/') + "/";
        _http = new HttpClient(handler ?? VaultHttpHandlerFactory.Create(settings), disposeHandler: true)
        {
            BaseAddress = new Uri(settings.Address!.TrimEnd('/') + "/v1/"),
            Timeout = settings.RequestTimeout,
        };
        _pipeline = VaultRetryPolicy.Build(settings.Retry, timeProvider, metrics, logger);
        _host = TlsHost(settings, _http.BaseAddress);
        _limiter = CreateLimiter(settings.RateLimit);
    }

    public async Task<VaultResponse> SendAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_limiter is not null)
        {
            await WaitForTokenAsync(_limiter, cancellationToken);
        }

        try
        {
            return await _pipeline.ExecuteAsync(static (state, ct) => state.Self.SendOnceAsync(state.Request, ct), (Self: this, Request: request), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new VaultUnavailableException($"Vault {request.Operation} of '{request.Path}': Vault at {_http.BaseAddress!.Authority} could not be reached ({Describe(e)}).", e);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _limiter?.Dispose();
    }

    private async ValueTask<VaultResponse> SendOnceAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Query is null ? request.Path : $"{request.Path}?{request.Query}");
        message.Headers.Add("X-Vault-Request", "true");
        if (_host is not null)
        {
            message.Headers.Host = _host;
        }

        if (request.Token is not null)
        {
            message.Headers.Add("X-Vault-Token", request.Token);
        }

        if (_namespace is not null)
        {
            message.Headers.Add("X-Vault-Namespace", _namespace);
        }

        if (request.Body is not null)
        {
            message.Content = JsonContent.Create(request.Body, VaultJson.Options.GetTypeInfo(request.Body.GetType()));
        }

        var started = _timeProvider.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            _metrics.VaultRequestsTotal.WithLabels(request.Operation, $"{status / 100}xx").Inc();
            Log.Response(_logger, request.Operation, request.Method.Method, request.Path, status);
            return new VaultResponse(status, body, response.Headers.RetryAfter);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _metrics.VaultRequestsTotal.WithLabels(request.Operation, "error").Inc();
            Log.TransportFailed(_logger, request.Operation, request.Method.Method, request.Path, Describe(e));
            throw;
        }
        finally
        {
            _metrics.VaultRequestSeconds.WithLabels(request.Operation).Observe(_timeProvider.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async ValueTask WaitForTokenAsync(TokenBucketRateLimiter limiter, CancellationToken cancellationToken)
    {
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return;
        }

        _metrics.VaultRateLimitedTotal.Inc();
        using var waited = await limiter.AcquireAsync(1, cancellationToken);
        if (!waited.IsAcquired)
        {
            throw new ObjectDisposedException(nameof(VaultTransport), "The Vault client was disposed while a request waited for the rate limiter.");
        }
    }

    /// <summary>
    /// The token bucket. Its queue has no bound: a request over the limit waits for its turn (or its caller's
    /// cancellation) and never fails for it. It refills on real time: <see cref="TokenBucketRateLimiter"/> takes no
    /// <see cref="TimeProvider"/>, and even refilled by hand (<c>TryReplenish</c>) it measures the time since the last
    /// refill with its own Stopwatch, so a timer on the injected clock could not drive it. Tests count waits instead.
    /// </summary>
    private static TokenBucketRateLimiter? CreateLimiter(VaultRateLimitSettings settings)
    {
        var rate = settings.EffectiveRequestsPerSecond;
        if (rate <= 0)
        {
            return null;
        }

        // Replenish a tenth of a second's worth ten times a second, so the bucket refills smoothly.
        var perTick = Math.Max(1, (int)Math.Round(rate / 10));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.EffectiveBurst,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / rate),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// <c>VAULT_TLS_SERVER_NAME</c>: the name to send as SNI and to expect in Vault's certificate. SocketsHttpHandler
    /// overwrites <c>SslOptions.TargetHost</c> with each request's host, so setting it there does nothing; the handler
    /// takes the TLS host name from the request's Host header when there is one (its connection pools are keyed by
    /// that name). So every request carries the server name as Host: SNI and the certificate check use it, the
    /// connection still goes to the address. Vault ignores Host; a proxy in front sees a Host that matches the SNI.
    /// </summary>
    private static string? TlsHost(VaultClientSettings settings, Uri baseAddress) =>
        string.IsNullOrWhiteSpace(settings.TlsServerName) || baseAddress.Scheme != Uri.UriSchemeHttps ? null
        : baseAddress.IsDefaultPort ? settings.TlsServerName.Trim()
        : $"{settings.TlsServerName.Trim()}:{baseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "timed out",
        HttpRequestException { HttpRequestError: var kind } h => $"{kind}: {h.InnerException?.Message ?? h.Message}",
        _ => e.GetType().Name,
    };
}
