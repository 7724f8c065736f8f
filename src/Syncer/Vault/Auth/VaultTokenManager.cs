using System.Text.Json;
using Microsoft.Extensions.Logging;
using Syncer.Observability;
using Syncer.Vault.Http;

namespace Syncer.Vault.Auth;

/// <summary>
/// Holds the one token the process shares. Logs in lazily on first use, then a <see cref="TokenLifetimeWatcher"/>
/// renews it and logs in again ahead of expiry; a read never logs in unless the token is gone or expired. A 403 on
/// an expired or revoked token leads to one login (shared by concurrent callers) and the caller retries once.
/// </summary>
internal sealed class VaultTokenManager : IAsyncDisposable
{
    private static readonly TimeSpan ValidityCheckInterval = TimeSpan.FromSeconds(10);

    private readonly IAuthMethodInfo _auth;
    private readonly VaultTransport _transport;
    private readonly TimeProvider _timeProvider;
    private readonly SyncerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private volatile VaultTokenState? _state;
    private DateTimeOffset? _verifiedAt;
    private CancellationTokenSource? _watcherStop;
    private int _failedLogins;
    private volatile bool _loginFailing;
    private volatile string? _rejected; // the last token Vault refused: never sent or looked up again
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _lastLoginFailure;

    public VaultTokenManager(IAuthMethodInfo auth, VaultTransport transport, TimeProvider timeProvider, SyncerMetrics metrics, ILogger logger, TimeSpan? renewIncrement = null)
    {
        _auth = auth;
        _transport = transport;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        RenewIncrement = renewIncrement;
    }

    public TimeSpan? RenewIncrement { get; }

    internal VaultTokenState? Current => _state;

    /// <summary>True while the last login attempt failed; false before the first and after a success.</summary>
    public bool LoginFailing => _loginFailing;

    internal TimeProvider TimeProvider => _timeProvider;

    internal ILogger Logger => _logger;

    /// <summary>The shared token, logging in first only when there is none or it has expired.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        if (state is not null && !state.IsExpiredAt(_timeProvider.GetUtcNow()) && state.Token != _rejected)
        {
            PublishExpiry(state);
            return state.Token;
        }

        var failuresBefore = Volatile.Read(ref _failedLogins);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            state = _state;
            if (state is not null && !state.IsExpiredAt(_timeProvider.GetUtcNow()) && state.Token != _rejected)
            {
                return state.Token;
            }

            ThrowIfALoginFailedWhileWaiting(failuresBefore);
            return (await LoginLockedAsync(cancellationToken)).Token; // by our clock only: Vault Agent may have renewed it, so look it up
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After a 403 with <paramref name="rejectedToken"/>: the token to retry with once, or null when the token is valid
    /// (the policy denies the path) and the 403 stands. A 403 that says "invalid token" means expired or revoked; a bare
    /// "permission denied" (older servers say only that) is settled by one <c>lookup-self</c>, whose good answer is
    /// trusted for a few seconds so denied paths do not each cost a lookup. Concurrent callers share one login.
    /// </summary>
    public async ValueTask<string?> RecoverFromForbiddenAsync(string rejectedToken, bool saysInvalidToken, CancellationToken cancellationToken)
    {
        var failuresBefore = Volatile.Read(ref _failedLogins);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var state = _state;
            var now = _timeProvider.GetUtcNow();
            if (state is not null && state.Token != rejectedToken)
            {
                return state.Token; // someone already logged in again
            }

            var knownBad = saysInvalidToken;
            if (state is not null && !state.IsExpiredAt(now) && !saysInvalidToken)
            {
                if (_verifiedAt is { } verified && now - verified < ValidityCheckInterval)
                {
                    return null;
                }

                var lookup = await _transport.SendAsync(new VaultRequest("token_lookup", HttpMethod.Get, "auth/token/lookup-self", Token: rejectedToken), cancellationToken);
                if (lookup.StatusCode != 403)
                {
                    _verifiedAt = now;
                    return null;
                }

                knownBad = true;
            }

            ThrowIfALoginFailedWhileWaiting(failuresBefore);
            Log.TokenRejected(_logger);
            if (knownBad)
            {
                _rejected = rejectedToken;
            }

            return (await LoginLockedAsync(cancellationToken)).Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Renews <paramref name="state"/> through <c>renew-self</c>; the new lease counts from now.</summary>
    internal async Task<VaultTokenState> RenewAsync(VaultTokenState state, CancellationToken cancellationToken)
    {
        object body = RenewIncrement is { } increment ? new Dictionary<string, string> { ["increment"] = $"{(long)increment.TotalSeconds}s" } : new Dictionary<string, string>();
        var request = new VaultRequest("token_renew", HttpMethod.Post, "auth/token/renew-self", Token: state.Token, Body: body);
        var response = await _transport.SendAsync(request, cancellationToken);
        if (!response.IsSuccess)
        {
            _metrics.VaultTokenRenewalsTotal.WithLabels("failure").Inc();
            throw VaultErrors.ToException(request, response);
        }

        var auth = VaultJson.Deserialize<Secret<JsonElement?>>(response.Body, "token renewal").AuthInfo;
        var renewed = new VaultTokenState(state.Token, TimeSpan.FromSeconds(auth?.LeaseDurationSeconds ?? 0), auth?.Renewable ?? false, _timeProvider.GetUtcNow());
        Interlocked.CompareExchange(ref _state, renewed, state);
        _metrics.VaultTokenRenewalsTotal.WithLabels("success").Inc();
        PublishExpiry(renewed);
        Log.Renewed(_logger, renewed.LeaseDuration);
        return renewed;
    }

    /// <summary>
    /// Logs in again unless someone already replaced <paramref name="stale"/>. When Vault <paramref name="rejected"/>
    /// the token (revoked), a token source that still holds it fails the login without asking Vault again.
    /// </summary>
    internal async Task ReloginAsync(VaultTokenState stale, string why, bool rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (ReferenceEquals(_state, stale) || _state?.Token == stale.Token)
            {
                Log.LoggingInAgain(_logger, why);
                if (rejected)
                {
                    _rejected = stale.Token;
                }

                await LoginLockedAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_watcherStop is { } stop)
        {
            await stop.CancelAsync();
        }

        _disposed.Dispose();
        _gate.Dispose();
    }

    /// <summary>
    /// Callers queue on the gate while a login runs. When that login failed, each of them logging in again in turn
    /// would hammer a Vault that just said no (hundreds of reads, hundreds of logins): the failure answers them too,
    /// and the next caller to arrive after it tries afresh.
    /// </summary>
    private void ThrowIfALoginFailedWhileWaiting(int failuresBefore)
    {
        if (_failedLogins != failuresBefore && _lastLoginFailure is { } failure)
        {
            failure.Throw();
        }
    }

    /// <summary>
    /// Reads the auth method's credentials afresh (a token file or variable, a JWT, AppRole ids) and logs in with
    /// them. A token method whose source still holds the token Vault refused fails here, with no request: a lookup of
    /// that token could only be refused again, and the next login reads the source again (a rotated file is used).
    /// </summary>
    private async Task<VaultTokenState> LoginLockedAsync(CancellationToken cancellationToken)
    {
        VaultTokenState state;
        try
        {
            var login = await _auth.CreateLoginRequestAsync(cancellationToken);
            if (login.Token is { } same && same == _rejected)
            {
                throw new VaultForbiddenException(
                    $"Vault refused the token from {_auth} (expired or revoked) and {_auth} still holds it; waiting for a new token there.", []);
            }

            state = login.Token is { } token ? await LookUpAsync(token, cancellationToken) : await PostLoginAsync(login, cancellationToken);
        }
        catch (Exception e) when (e is VaultApiException or InvalidOperationException)
        {
            _metrics.VaultLoginsTotal.WithLabels(_auth.AuthMethodType, "failure").Inc();
            Log.LoginFailed(_logger, _auth.AuthMethodType, e.Message);
            _lastLoginFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            Interlocked.Increment(ref _failedLogins);
            _loginFailing = true;
            throw;
        }

        _state = state;
        _loginFailing = false;
        _verifiedAt = null;
        _metrics.VaultLoginsTotal.WithLabels(_auth.AuthMethodType, "success").Inc();
        PublishExpiry(state);
        Log.LoggedIn(_logger, _auth.AuthMethodType, state.LeaseDuration, state.Renewable);
        StartWatcher(state);
        return state;
    }

    private async Task<VaultTokenState> LookUpAsync(string token, CancellationToken cancellationToken)
    {
        var request = new VaultRequest("token_lookup", HttpMethod.Get, "auth/token/lookup-self", Token: token);
        var response = await _transport.SendAsync(request, cancellationToken);
        if (!response.IsSuccess)
        {
            if (response.StatusCode == 403)
            {
                _rejected = token;
            }

            throw VaultErrors.ToException(request, response);
        }

        var data = VaultJson.Deserialize<Secret<TokenLookup>>(response.Body, "token lookup").Data;
        if (data is { TimeToLiveSeconds: <= 0, ExpireTime: { Length: > 0 } })
        {
            throw new VaultForbiddenException("The configured Vault token is at the end of its life (ttl 0 with an expiry time).", []);
        }

        return new VaultTokenState(token, TimeSpan.FromSeconds(data?.TimeToLiveSeconds ?? 0), data?.Renewable ?? false, _timeProvider.GetUtcNow());
    }

    private async Task<VaultTokenState> PostLoginAsync(VaultLoginRequest login, CancellationToken cancellationToken)
    {
        var request = new VaultRequest("login", HttpMethod.Post, login.LoginPath!, Body: login.Body);
        var response = await _transport.SendAsync(request, cancellationToken);
        if (!response.IsSuccess)
        {
            throw VaultErrors.ToException(request, response);
        }

        var auth = VaultJson.Deserialize<Secret<JsonElement?>>(response.Body, "login").AuthInfo;
        if (auth?.ClientToken is not { Length: > 0 } token)
        {
            throw new VaultApiException(System.Net.HttpStatusCode.OK, $"Vault login at '{login.LoginPath}' returned no token.", [], []);
        }

        return new VaultTokenState(token, TimeSpan.FromSeconds(auth.LeaseDurationSeconds), auth.Renewable, _timeProvider.GetUtcNow());
    }

    private void StartWatcher(VaultTokenState state)
    {
        _watcherStop?.Cancel();
        _watcherStop = null;
        if (state.ExpiresAt is null || _disposed.IsCancellationRequested)
        {
            return; // a token that never expires needs no care
        }

        var stop = new CancellationTokenSource();
        _watcherStop = stop;
        _ = Task.Run(() => TokenLifetimeWatcher.RunAsync(this, state, stop.Token), CancellationToken.None);
    }

    /// <summary>Refreshes the expiry gauge of the current token, if any: it goes negative once the token has expired.</summary>
    public void PublishExpiry()
    {
        if (_state is { } state)
        {
            PublishExpiry(state);
        }
    }

    private void PublishExpiry(VaultTokenState state) =>
        _metrics.VaultTokenExpirySeconds.Set(state.ExpiresAt is { } expires ? (expires - _timeProvider.GetUtcNow()).TotalSeconds : double.PositiveInfinity);
}
