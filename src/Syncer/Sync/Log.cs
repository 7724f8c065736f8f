using Microsoft.Extensions.Logging;

namespace Syncer.Sync;

/// <summary>Source-generated log lines of the sync engine (event ids 4000-4099). Never a secret value.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "Synced Secret {Namespace}/{Name} from {SourceVersion}: {KeysSet} key(s) set, {KeysRemoved} removed")]
    public static partial void SecretSynced(ILogger logger, string @namespace, string name, string sourceVersion, int keysSet, int keysRemoved);

    [LoggerMessage(4001, LogLevel.Debug, "Secret {Namespace}/{Name} status annotations updated (data unchanged)")]
    public static partial void StatusUpdated(ILogger logger, string @namespace, string name);

    [LoggerMessage(4002, LogLevel.Debug, "Secret {Namespace}/{Name} is in step with {SourceVersion}: nothing to write")]
    public static partial void SecretUnchanged(ILogger logger, string @namespace, string name, string sourceVersion);

    [LoggerMessage(4003, LogLevel.Warning, "Sync of Secret {Namespace}/{Name} failed ({Reason}); data left as it was: {Message}")]
    public static partial void SyncFailed(ILogger logger, string @namespace, string name, string reason, string message);

    [LoggerMessage(4004, LogLevel.Debug, "Secret {Namespace}/{Name} is gone or no longer labeled for Syncer; nothing to sync")]
    public static partial void SecretGone(ILogger logger, string @namespace, string name);

    [LoggerMessage(4006, LogLevel.Debug, "Secret {Namespace}/{Name} changed while being written (attempt {Attempt}); reading it again")]
    public static partial void WriteConflict(ILogger logger, string @namespace, string name, int attempt);

    [LoggerMessage(4020, LogLevel.Debug, "Secret {Namespace}/{Name} was not empty or moved before its first fill; reading it and planning from its data")]
    public static partial void FillGuardRefused(ILogger logger, string @namespace, string name);

    [LoggerMessage(4008, LogLevel.Warning, "Could not write the error annotation on Secret {Namespace}/{Name}: {Problem}")]
    public static partial void ErrorAnnotationFailed(ILogger logger, string @namespace, string name, string problem);

    [LoggerMessage(4010, LogLevel.Information, "Created the data-hash key Secret {Namespace}/{Name}")]
    public static partial void HmacKeyCreated(ILogger logger, string @namespace, string name);

    [LoggerMessage(4011, LogLevel.Debug, "Loaded the data-hash key from Secret {Namespace}/{Name}")]
    public static partial void HmacKeyLoaded(ILogger logger, string @namespace, string name);

    [LoggerMessage(4012, LogLevel.Information, "Another replica created the data-hash key Secret {Namespace}/{Name} first; using it")]
    public static partial void HmacKeyCreateRace(ILogger logger, string @namespace, string name);

    [LoggerMessage(4013, LogLevel.Information, "Secret {Namespace}/{Name}: Syncer took over key(s) {Keys} that it held before its first sync; their values now come from Vault")]
    public static partial void KeysAdopted(ILogger logger, string @namespace, string name, string keys);

    [LoggerMessage(4019, LogLevel.Warning, "Secret {Namespace}/{Name}: key(s) {Keys} are no longer in Vault but stay, because its data-hash does not prove Syncer wrote them; Syncer no longer manages them (remove them by hand if they are not yours)")]
    public static partial void KeysLeftBehind(ILogger logger, string @namespace, string name, string keys);

    [LoggerMessage(4014, LogLevel.Information, "Secret {Namespace}/{Name} asked for a fresh Vault read within {Spacing} of its last one: synced from the read cache now, the fresh read follows in {DeferredFor}")]
    public static partial void FreshReadDeferred(ILogger logger, string @namespace, string name, TimeSpan spacing, TimeSpan deferredFor);

    [LoggerMessage(4015, LogLevel.Warning, "Data-hash key Secret {Namespace}/{Name}: {Incident}. {Explanation}")]
    public static partial void HmacKeyIncident(ILogger logger, string @namespace, string name, HmacKeyIncident incident, string explanation);

    [LoggerMessage(4018, LogLevel.Warning, "Could not check the data-hash key Secret: {Problem}")]
    public static partial void HmacKeyCheckFailed(ILogger logger, string problem);
}
