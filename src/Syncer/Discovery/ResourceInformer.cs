using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Observability;

namespace Syncer.Discovery;

/// <summary>
/// List then watch of one kind, one loop per scope (each watched namespace, or all), fanning every change out to the
/// registered subscribers (YARP's <c>Client/ResourceInformer.cs</c> and its registrations). Re-lists on 410 in all
/// three forms (an ERROR event, a 410 answer to the watch, a 410 to a list's continue token; with backoff when a watch
/// expires right after its list, so a server that does that every time is not listed in a tight loop), resumes from the last
/// resourceVersion when the server closes the watch (bookmarks keep it fresh), backs off on errors on the injected
/// clock. It keeps only the keys of what it saw, to tell subscribers what a re-list no longer has. The KubernetesClient
/// has no informer of its own (kubernetes-client/csharp#486).
/// </summary>
internal sealed class ResourceInformer<T>(
    IResourceSource<T> source,
    IOptions<DiscoveryOptions> options,
    SyncerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<ResourceInformer<T>> logger) : BackgroundService, IResourceInformer
    where T : class, IKubernetesObject<V1ObjectMeta>, new()
{
    private static readonly TimeSpan WatchWorksAfter = TimeSpan.FromSeconds(1);

    private readonly DiscoveryOptions _options = options.Value;
    private readonly DiscoveryReadiness _readiness = new(options.Value.Scopes());
    private readonly Lock _gate = new();
    private ResourceChangeHandler<T>[] _handlers = [];

    public string Resource => source.Resource;

    public bool IsReady => _readiness.IsReady;

    public DateTimeOffset? FailingSince => _readiness.FailingSince;

    public Task WaitReadyAsync(CancellationToken cancellationToken) => _readiness.WaitAsync(cancellationToken);

    /// <summary>Subscribes to every change from now on; dispose the result to stop.</summary>
    public IDisposable Register(ResourceChangeHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Registration(() =>
        {
            lock (_gate)
            {
                _handlers = [.. _handlers.Where(h => h != handler)];
            }
        });
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Scopes().Select(scope => RunScopeAsync(scope, stoppingToken)));

    private async Task RunScopeAsync(string? scope, CancellationToken cancellationToken)
    {
        var scopeName = scope ?? "all namespaces";
        var known = new HashSet<(string Namespace, string Name)>();
        string? resourceVersion = null; // null: (re-)list before watching
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            WatchEndReason reason;
            try
            {
                var listed = resourceVersion is null;
                if (listed)
                {
                    resourceVersion = await ListAsync(scope, scopeName, known, cancellationToken);
                    _readiness.MarkWorking(scope);
                    if (_readiness.MarkListed(scope))
                    {
                        Log.Ready(logger, source.Resource);
                    }
                }

                var started = timeProvider.GetTimestamp();
                (reason, var next, var events) = await WatchAsync(scope, scopeName, resourceVersion!, known, cancellationToken);
                resourceVersion = next;
                var quickEmptyClose = reason == WatchEndReason.Closed && events == 0 && timeProvider.GetElapsedTime(started) < WatchWorksAfter;

                // A watch from the resourceVersion a list just gave that expires at once is the server's fault (a
                // lagging cache, a proxy): re-listing at once would loop list after list. Back off as for an error.
                var expiredAfterList = reason == WatchEndReason.Expired && listed && events == 0;
                failures = reason == WatchEndReason.Error || quickEmptyClose || expiredAfterList ? failures + 1 : 0;
                MarkHealth(scope, failures);
                if (expiredAfterList)
                {
                    Log.ExpiredAfterList(logger, source.Resource, scopeName, failures, Backoff(failures));
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A 410 to a list's continue token: list again from scratch.
                (reason, resourceVersion) = ex is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone }
                    ? (WatchEndReason.Expired, null) : (WatchEndReason.Error, resourceVersion);
                failures++;
                MarkHealth(scope, failures);
                Log.ListOrWatchFailed(logger, ex, source.Resource, scopeName, Backoff(failures));
            }

            metrics.WatchRestartsTotal.WithLabels(source.Resource, reason.ToString().ToLowerInvariant()).Inc();
            if (failures > 0 && !await DelayAsync(Backoff(failures), cancellationToken))
            {
                return;
            }
        }
    }

    /// <returns>The list's resourceVersion, where the watch starts.</returns>
    private async Task<string> ListAsync(string? scope, string scopeName, HashSet<(string, string)> known, CancellationToken cancellationToken)
    {
        var listed = new HashSet<(string Namespace, string Name)>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await source.ListAsync(scope, continueToken, _options.ListPageSize, cancellationToken);
            foreach (var item in page.Items)
            {
                ShareNamespace(item);
                listed.Add(KeyOf(item));
                Notify(WatchEventType.Added, item);
            }

            continueToken = page.Continue;
            resourceVersion = page.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        foreach (var (ns, name) in known.Except(listed).ToList())
        {
            Notify(WatchEventType.Deleted, new T { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } });
        }

        known.Clear();
        known.UnionWith(listed);
        Log.Listed(logger, listed.Count, source.Resource, scopeName, resourceVersion);
        return resourceVersion;
    }

    private async Task<(WatchEndReason Reason, string? ResourceVersion, int Events)> WatchAsync(
        string? scope, string scopeName, string resourceVersion, HashSet<(string, string)> known, CancellationToken cancellationToken)
    {
        // Without onError the client swallows a 410 ERROR event and just ends the stream (reference section 6).
        KubernetesException? errorEvent = null;
        void OnError(Exception ex)
        {
            Log.WatchErrorEvent(logger, ex, source.Resource, scopeName);
            errorEvent ??= ex as KubernetesException;
        }

        var events = 0;
        // A watch that fails does so at once (an error answer, a refused connection); one still open after a second
        // works, even before its first event (an idle namespace may send none for minutes).
        using var working = timeProvider.CreateTimer(_ => _readiness.MarkWorking(scope), null, WatchWorksAfter, Timeout.InfiniteTimeSpan);
        try
        {
            await foreach (var (type, item) in source.WatchAsync(scope, resourceVersion, (int)_options.WatchTimeout.TotalSeconds, OnError, cancellationToken))
            {
                if (++events == 1)
                {
                    _readiness.MarkWorking(scope); // the server answered and streams: whatever failed before works again
                }

                resourceVersion = item?.Metadata?.ResourceVersion ?? resourceVersion; // bookmarks keep it fresh
                if (item?.Metadata?.Name is null || type is WatchEventType.Bookmark or WatchEventType.Error)
                {
                    continue;
                }

                ShareNamespace(item);
                _ = type == WatchEventType.Deleted ? known.Remove(KeyOf(item)) : known.Add(KeyOf(item));
                Notify(type, item);
            }
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested && ClosedBeforeFirstLine(ex))
        {
            // The client waits for a first line before it returns; an idle watch closed by the server ends here.
            Log.WatchEnded(logger, source.Resource, scopeName, "closed before its first event", resourceVersion);
            return (WatchEndReason.Closed, resourceVersion, events);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
        {
            Log.WatchExpired(logger, source.Resource, scopeName, resourceVersion); // a server that answers 410 instead of an ERROR event
            return (WatchEndReason.Expired, null, events);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Connection lost mid-stream: resume from the last resourceVersion applied, after a backoff.
            Log.WatchFailed(logger, ex, source.Resource, scopeName, resourceVersion);
            return (WatchEndReason.Error, resourceVersion, events);
        }

        if (errorEvent?.Status?.Code is (int)HttpStatusCode.Gone)
        {
            Log.WatchExpired(logger, source.Resource, scopeName, resourceVersion);
            return (WatchEndReason.Expired, null, events);
        }

        var reason = errorEvent is null ? WatchEndReason.Closed : WatchEndReason.Error;
        Log.WatchEnded(logger, source.Resource, scopeName, reason.ToString(), resourceVersion);
        return (reason, resourceVersion, events);
    }

    private void Notify(WatchEventType type, T item)
    {
        Log.Event(logger, source.Resource, item.Metadata.NamespaceProperty, item.Metadata.Name, type.ToString());
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            try
            {
                handler(type, item);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(logger, ex, source.Resource, item.Metadata.NamespaceProperty, item.Metadata.Name);
            }
        }
    }

    private void MarkHealth(string? scope, int failures)
    {
        if (failures > 0)
        {
            _readiness.MarkFailing(scope, timeProvider.GetUtcNow());
        }
        else
        {
            _readiness.MarkWorking(scope);
        }
    }

    private TimeSpan Backoff(int failures) => ExponentialBackoff.Delay(failures, _options.RetryInitialDelay, _options.RetryMaxDelay);

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void ShareNamespace(T item) => item.Metadata.NamespaceProperty = NamespaceNames.Shared(item.Metadata.NamespaceProperty);

    private static (string Namespace, string Name) KeyOf(T item) => (item.Metadata.NamespaceProperty ?? "", item.Metadata.Name);

    private static bool ClosedBeforeFirstLine(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is EndOfStreamException)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
