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
/// List then watch of the labeled Secrets (label selector on the server), one loop per scope, feeding
/// <see cref="SecretIndex"/> and queueing each changed key for the scheduler. Modelled on YARP's
/// <c>ResourceInformer</c>: re-list on 410, resume from the last resourceVersion when the server closes the watch,
/// back off on errors. The KubernetesClient has no informer of its own (kubernetes-client/csharp#486).
/// </summary>
internal sealed class SecretInformer(
    IKubernetes client,
    IOptions<DiscoveryOptions> options,
    SecretLister lister,
    SecretIndex index,
    CoalescingWorkQueue<SecretKey> queue,
    DiscoveryReadiness readiness,
    SyncerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<SecretInformer> logger) : BackgroundService
{
    private const string Resource = "secrets";
    private readonly DiscoveryOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Scopes().Select(scope => RunScopeAsync(scope, stoppingToken)));

    private async Task RunScopeAsync(string? scope, CancellationToken cancellationToken)
    {
        var scopeName = scope ?? "all namespaces";
        string? resourceVersion = null; // null: (re-)list before watching
        var firstList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            WatchEndReason reason;
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await lister.ListAsync(scope, firstList, cancellationToken);
                    firstList = false;
                    var wasReady = readiness.IsReady;
                    readiness.MarkListed(scope);
                    if (!wasReady && readiness.IsReady)
                    {
                        Log.Ready(logger, index.Count);
                    }
                }

                var started = timeProvider.GetTimestamp();
                (reason, var next, var events) = await WatchAsync(scope, scopeName, resourceVersion, cancellationToken);
                resourceVersion = next;
                var quickEmptyClose = reason == WatchEndReason.Closed && events == 0 && timeProvider.GetElapsedTime(started) < TimeSpan.FromSeconds(1);
                failures = reason == WatchEndReason.Error || quickEmptyClose ? failures + 1 : 0;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
            {
                reason = WatchEndReason.Expired; // a list's continue token expired: list again from scratch
                resourceVersion = null;
                failures++;
                Log.ListOrWatchFailed(logger, ex, scopeName, ExponentialBackoff.Delay(failures, _options.RetryInitialDelay, _options.RetryMaxDelay));
            }
            catch (Exception ex)
            {
                reason = WatchEndReason.Error;
                failures++;
                Log.ListOrWatchFailed(logger, ex, scopeName, ExponentialBackoff.Delay(failures, _options.RetryInitialDelay, _options.RetryMaxDelay));
            }

            metrics.WatchRestartsTotal.WithLabels(Resource, reason.ToString().ToLowerInvariant()).Inc();
            if (failures > 0 && !await BackOffAsync(failures, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task<(WatchEndReason Reason, string? ResourceVersion, int Events)> WatchAsync(
        string? scope, string scopeName, string resourceVersion, CancellationToken cancellationToken)
    {
        // Without onError the client swallows a 410 ERROR event and just ends the stream (reference §6).
        KubernetesException? errorEvent = null;
        void OnError(Exception ex)
        {
            Log.WatchErrorEvent(logger, ex, scopeName);
            if (ex is KubernetesException status)
            {
                errorEvent ??= status;
            }
        }

        var timeoutSeconds = (int)_options.WatchTimeout.TotalSeconds;
        var stream = scope is null
            ? client.CoreV1.WatchListSecretForAllNamespacesAsync(
                allowWatchBookmarks: true, labelSelector: WatchedAnnotations.LabelSelector, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: cancellationToken)
            : client.CoreV1.WatchListNamespacedSecretAsync(
                scope, allowWatchBookmarks: true, labelSelector: WatchedAnnotations.LabelSelector, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: cancellationToken);
        var events = 0;
        try
        {
            await foreach (var (type, secret) in stream)
            {
                events++;
                Apply(type, secret);
                resourceVersion = secret?.Metadata?.ResourceVersion ?? resourceVersion; // bookmarks keep it fresh
            }
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested && ClosedBeforeFirstLine(ex))
        {
            // The client waits for a first line before it returns; an idle watch closed by the server ends here.
            Log.WatchEnded(logger, scopeName, "closed before its first event", resourceVersion);
            return (WatchEndReason.Closed, resourceVersion, events);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Gone)
        {
            Log.WatchExpired(logger, scopeName, resourceVersion); // a server that answers 410 instead of an ERROR event
            return (WatchEndReason.Expired, null, events);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Connection lost mid-stream: resume from the last resourceVersion applied, after a backoff.
            Log.WatchFailed(logger, ex, scopeName, resourceVersion);
            return (WatchEndReason.Error, resourceVersion, events);
        }

        if (errorEvent?.Status?.Code is (int)HttpStatusCode.Gone)
        {
            Log.WatchExpired(logger, scopeName, resourceVersion);
            return (WatchEndReason.Expired, null, events);
        }

        var reason = errorEvent is null ? WatchEndReason.Closed : WatchEndReason.Error;
        Log.WatchEnded(logger, scopeName, reason.ToString(), resourceVersion);
        return (reason, resourceVersion, events);
    }

    private void Apply(WatchEventType type, V1Secret? secret)
    {
        if (secret?.Metadata?.Name is null || type is WatchEventType.Bookmark or WatchEventType.Error)
        {
            return;
        }

        var watched = WatchedSecret.From(secret, fromInitialList: false);
        if (type == WatchEventType.Deleted)
        {
            // Deleted, or no longer labeled (the server sends DELETED when an object leaves the selector).
            index.Remove(watched.Key);
        }
        else
        {
            index.Upsert(watched);
        }

        Log.SecretEvent(logger, watched.Key, type.ToString());
        queue.Add(watched.Key);
    }

    private async Task<bool> BackOffAsync(int failures, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(ExponentialBackoff.Delay(failures, _options.RetryInitialDelay, _options.RetryMaxDelay), timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

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
}
