namespace Syncer.Doubles.Kubernetes;

public sealed class KubeApiDoubleOptions
{
    /// <summary>
    /// Clock for creationTimestamp and deletionTimestamp; tests may pass a FakeTimeProvider. Watch timers
    /// (timeoutSeconds, bookmarks) run on wall-clock time because they shape a live HTTP stream.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many resourceVersions of history a watch may start from before it gets 410 Expired.</summary>
    public int WatchHistory { get; init; } = 10_000;

    /// <summary>Server-side close of a watch that gives no timeoutSeconds.</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Loopback port to listen on; 0 (default) picks a free one. The sandbox may pin one.</summary>
    public int Port { get; init; }

    /// <summary>Namespaces that exist at start ("default", "kube-system" and "kube-public" always do).</summary>
    public IReadOnlyCollection<string> Namespaces { get; init; } = [];
}
