using Syncer.Discovery;

namespace Syncer.Tests.Discovery;

/// <summary>Builds index entries for tests.</summary>
internal static class WatchedSecrets
{
    public static WatchedSecret Create(
        string name = "db",
        string ns = "shop",
        string uid = "uid-1",
        string resourceVersion = "1",
        bool fromInitialList = false,
        bool synced = false,
        bool error = false,
        params (string Key, string Value)[] annotations) =>
        new(new SecretKey(ns, name), uid, resourceVersion, annotations.ToDictionary(a => a.Key, a => a.Value), synced, error, fromInitialList);
}
