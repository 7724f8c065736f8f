using System.Net.Http.Headers;
using k8s.Authentication;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;

namespace Syncer.Hosting;

/// <summary>
/// The bearer token of a kubeconfig user's exec credential plugin for every Kubernetes request: the plugin's last token
/// until shortly before it expires, then one run of the plugin for all concurrent requests. When a run fails while the
/// last token still holds, that token goes on serving and the plugin is tried again after a pause; once it has expired,
/// requests fail with the plugin's error, and the plugin runs at most once per pause, however many requests wait.
/// </summary>
internal sealed class ExecCredentialTokenProvider : ITokenProvider
{
    /// <summary>Refresh this long before the expiry (at most half the token's life), so no request carries a dying token.</summary>
    public static readonly TimeSpan EarlyRefresh = TimeSpan.FromSeconds(30);

    /// <summary>The least time between two runs of the plugin, after a failure or for a token that expires at once.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, Task<ExecCredentialStatus>> _run;
    private readonly string _command;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Token _current;
    private DateTimeOffset _nextRun; // after a failure; read and written under _refresh
    private string? _lastFailure;

    public ExecCredentialTokenProvider(
        Func<CancellationToken, Task<ExecCredentialStatus>> run, string command, ExecCredentialStatus first, TimeProvider time, ILogger logger)
    {
        _run = run;
        _command = command;
        _time = time;
        _logger = logger;
        _current = Token.From(first, time.GetUtcNow());
    }

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (_time.GetUtcNow() < current.RefreshAt)
        {
            return current.Header;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            var now = _time.GetUtcNow();
            if (now < current.RefreshAt)
            {
                return current.Header; // another request refreshed it while this one waited
            }

            if (now < _nextRun)
            {
                return current.ExpiresAt > now
                    ? current.Header
                    : throw new KubeConfigException($"{_lastFailure} The token has expired; the plugin runs again at {_nextRun:u}.");
            }

            try
            {
                var next = Token.From(await _run(cancellationToken), now);
                Volatile.Write(ref _current, next);
                Log.ExecCredentialRefreshed(_logger, _command, next.ExpiresAt);
                return next.Header;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _nextRun = now + Pause;
                _lastFailure = e.Message;
                var stillValid = current.ExpiresAt > now;
                Log.ExecCredentialFailed(_logger, _command, e.Message, stillValid, Pause);
                if (stillValid)
                {
                    return current.Header;
                }

                throw;
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Token(AuthenticationHeaderValue Header, DateTimeOffset? ExpiresAt, DateTimeOffset RefreshAt)
    {
        public static Token From(ExecCredentialStatus status, DateTimeOffset now)
        {
            var header = new AuthenticationHeaderValue("Bearer", status.Token);
            if (status.ExpirationTimestamp is not { } expires)
            {
                return new Token(header, null, DateTimeOffset.MaxValue); // kubectl too keeps a token without an expiry
            }

            var life = expires - now;
            var early = life / 2 < EarlyRefresh ? life / 2 : EarlyRefresh;
            var refreshAt = expires - early;
            return new Token(header, expires, refreshAt > now + Pause ? refreshAt : now + Pause);
        }

        // A record prints its members; this one holds a credential.
        public override string ToString() => $"Token {{ ExpiresAt = {ExpiresAt:u} }}";
    }
}
