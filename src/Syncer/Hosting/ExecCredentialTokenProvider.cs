using System.Net.Http.Headers;
using k8s.Authentication;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;

namespace Syncer.Hosting;

/// <summary>
/// The bearer token of a kubeconfig user's exec credential plugin for every Kubernetes request. The plugin's last token
/// serves until shortly before it expires; then one run of the plugin starts in the background, and requests go on with
/// the last token while it holds (a slow or hung plugin, which may take up to its timeout, delays no request, the Lease's
/// renewal included). Only requests whose token has expired wait for the run, all for the same one. A failed run is
/// logged and the plugin is paused before the next; once the token has expired, requests fail with the plugin's error.
/// As in client-go, a 401 from the API server ends the token it answered (<see cref="Reject"/>, called by
/// <see cref="ExecCredentialRejectionHandler"/>): the next request waits for a run, at most one per pause.
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
    private readonly Lock _gate = new();
    private Token _current;
    private Task<Token?>? _refreshing; // the last run (its result null when it failed); under _gate, with the two below
    private DateTimeOffset _nextRun;
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
        var now = _time.GetUtcNow();
        if (now < current.RefreshAt)
        {
            return current.Header;
        }

        var refreshing = Refresh(now);
        if (current.ExpiresAt is not { } expires || now < expires)
        {
            return current.Header; // still holds: the run (if any) replaces it when it succeeds
        }

        if (refreshing is not null && await refreshing.WaitAsync(cancellationToken) is { } fresh)
        {
            return fresh.Header;
        }

        lock (_gate)
        {
            throw new KubeConfigException(refreshing is null
                ? $"{_lastFailure} The token has expired; the plugin runs again at {_nextRun:u}."
                : _lastFailure);
        }
    }

    /// <summary>
    /// The API server refused <paramref name="sent"/> (a 401): when it is still the current token, it counts as expired
    /// from now, or from a pause after it was obtained, so a plugin whose tokens are refused runs once per pause, not
    /// once per request.
    /// </summary>
    public void Reject(AuthenticationHeaderValue sent)
    {
        var current = Volatile.Read(ref _current);
        if (sent.Parameter != current.Header.Parameter)
        {
            return; // an older token: the current one has replaced it already
        }

        var now = _time.GetUtcNow();
        var end = current.ObtainedAt + Pause > now ? current.ObtainedAt + Pause : now;
        var rejected = current with { ExpiresAt = end, RefreshAt = end < current.RefreshAt ? end : current.RefreshAt };
        // Also past the refresh point (a run in progress or paused): the token no longer holds, so requests wait or fail.
        if (end < (current.ExpiresAt ?? DateTimeOffset.MaxValue) && Interlocked.CompareExchange(ref _current, rejected, current) == current)
        {
            Log.ExecCredentialRejected(_logger, _command);
        }
    }

    /// <summary>The run in progress, a new one, or none while the plugin is paused after a failure.</summary>
    private Task<Token?>? Refresh(DateTimeOffset now)
    {
        TaskCompletionSource<Token?> refresh;
        lock (_gate)
        {
            if (_refreshing is { IsCompleted: false } running)
            {
                return running;
            }

            if (now < _nextRun || now < Volatile.Read(ref _current).RefreshAt)
            {
                // Paused, or a run finished between the caller's read and this lock: the caller's token is its answer
                // when it holds; an expired one with no run gets the failure.
                return now < _nextRun ? null : Task.FromResult<Token?>(Volatile.Read(ref _current));
            }

            refresh = new TaskCompletionSource<Token?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _refreshing = refresh.Task;
        }

        // Started by this request, outside the lock: it waits only for the plugin's process to start.
        _ = CompleteAsync(refresh);
        return refresh.Task;
    }

    /// <summary>Completes the run's task whatever happens, so no request waits for a run that threw past its catch.</summary>
    private async Task CompleteAsync(TaskCompletionSource<Token?> refresh)
    {
        try
        {
            refresh.TrySetResult(await RunAsync());
        }
        catch (Exception) // only a logger can throw here, after the run's outcome is in place: answer from that
        {
            var current = Volatile.Read(ref _current);
            refresh.TrySetResult(_time.GetUtcNow() < current.RefreshAt ? current : null);
        }
    }

    /// <summary>One run of the plugin: the new token, or null (logged, the plugin paused) when it failed.</summary>
    private async Task<Token?> RunAsync()
    {
        var started = _time.GetUtcNow();
        ExecCredentialStatus status;
        try
        {
            // Not any one request's cancellation: the run serves them all, and the plugin's own timeout bounds it.
            status = await _run(CancellationToken.None);
            if (string.IsNullOrEmpty(status.Token))
            {
                throw new KubeConfigException(
                    $"The kubeconfig user's exec credential plugin '{_command}' printed no token, only a certificate, after it had printed a token.");
            }
        }
        catch (Exception e) // the plugin's failures are KubeConfigExceptions; any other stops this run only
        {
            lock (_gate)
            {
                _nextRun = started + Pause;
                _lastFailure = e.Message;
            }

            var current = Volatile.Read(ref _current);
            Log.ExecCredentialFailed(_logger, _command, e.Message, current.ExpiresAt is not { } expires || _time.GetUtcNow() < expires, Pause);
            return null;
        }

        var next = Token.From(status, _time.GetUtcNow());
        Volatile.Write(ref _current, next);
        Log.ExecCredentialRefreshed(_logger, _command, next.ExpiresAt);
        return next;
    }

    private sealed record Token(AuthenticationHeaderValue Header, DateTimeOffset ObtainedAt, DateTimeOffset? ExpiresAt, DateTimeOffset RefreshAt)
    {
        public static Token From(ExecCredentialStatus status, DateTimeOffset now)
        {
            var header = new AuthenticationHeaderValue("Bearer", status.Token);
            if (status.ExpirationTimestamp is not { } expires)
            {
                return new Token(header, now, null, DateTimeOffset.MaxValue);
            }

            var life = expires - now;
            var early = life / 2 < EarlyRefresh ? life / 2 : EarlyRefresh;
            var refreshAt = expires - early;
            return new Token(header, now, expires, refreshAt > now + Pause ? refreshAt : now + Pause);
        }

        // A record prints its members; this one holds a credential.
        public override string ToString() => $"Token {{ ExpiresAt = {ExpiresAt:u} }}";
    }
}
