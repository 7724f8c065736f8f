using Microsoft.Extensions.Logging;

namespace Syncer.Vault;

/// <summary>
/// Every log line of the Vault client (event ids 3000-3099). Placeholders carry operations, paths, statuses, TTLs
/// and exception messages built by this client; never a token, a credential or a secret value.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Trace, "Vault {Operation} {Method} {Path} answered {StatusCode}")]
    public static partial void Response(ILogger logger, string operation, string method, string path, int statusCode);

    [LoggerMessage(3001, LogLevel.Debug, "Vault {Operation} {Method} {Path} failed in transport: {Reason}")]
    public static partial void TransportFailed(ILogger logger, string operation, string method, string path, string reason);

    [LoggerMessage(3002, LogLevel.Information, "Retrying a Vault request after {Reason} (retry {Retry}) in {Delay}")]
    public static partial void Retrying(ILogger logger, string reason, int retry, TimeSpan delay);

    [LoggerMessage(3010, LogLevel.Information, "Logged in to Vault with {Method}: token TTL {Ttl}, renewable {Renewable}")]
    public static partial void LoggedIn(ILogger logger, string method, TimeSpan ttl, bool renewable);

    [LoggerMessage(3011, LogLevel.Warning, "Vault login with {Method} failed: {Reason}")]
    public static partial void LoginFailed(ILogger logger, string method, string reason);

    [LoggerMessage(3012, LogLevel.Debug, "Renewed the Vault token: TTL now {Ttl}")]
    public static partial void Renewed(ILogger logger, TimeSpan ttl);

    [LoggerMessage(3013, LogLevel.Warning, "Renewing the Vault token failed, next try in {Backoff}: {Reason}")]
    public static partial void RenewalFailed(ILogger logger, TimeSpan backoff, string reason);

    [LoggerMessage(3014, LogLevel.Information, "Logging in to Vault again: {Why}")]
    public static partial void LoggingInAgain(ILogger logger, string why);

    [LoggerMessage(3015, LogLevel.Debug, "Next Vault token renewal in {Delay} (TTL {Ttl}, grace {Grace})")]
    public static partial void RenewalScheduled(ILogger logger, TimeSpan delay, TimeSpan ttl, TimeSpan grace);

    [LoggerMessage(3016, LogLevel.Warning, "Vault answered 403 and the token is expired or revoked; logging in once and retrying once")]
    public static partial void TokenRejected(ILogger logger);

    [LoggerMessage(3020, LogLevel.Information, "Vault mount {Mount} has type {Type}, KV version {KvVersion} ({Source})")]
    public static partial void MountResolved(ILogger logger, string mount, string type, int? kvVersion, string source);

    [LoggerMessage(3023, LogLevel.Debug, "Refused to read {Path}: Vault mount {Mount} has type {Type}, not kv")]
    public static partial void MountNotKv(ILogger logger, string path, string mount, string type);

    [LoggerMessage(3024, LogLevel.Debug, "Vault read of {Key} answered from the negative cache: {ExceptionType} within the last {Duration}")]
    public static partial void RememberedMissing(ILogger logger, string key, string exceptionType, TimeSpan duration);

    [LoggerMessage(3022, LogLevel.Error, "The Vault token renewal watcher stopped on an unexpected {ExceptionType}; the token will be replaced by a login when it expires")]
    public static partial void WatcherStopped(ILogger logger, string exceptionType);

    [LoggerMessage(3021, LogLevel.Trace, "Vault read of {Key} answered by a concurrent or recent identical read")]
    public static partial void ReadShared(ILogger logger, string key);
}
