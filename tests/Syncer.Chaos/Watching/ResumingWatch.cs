using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Syncer.Chaos.Watching;

/// <summary>
/// What a user's <c>kubectl get -w</c> sees, without gaps: a watch from now (the current objects first, as synthetic
/// ADDED events), resumed from the last resourceVersion seen whenever the server closes it (a dropped watch, a
/// timeout). A resume the server refuses with 410 (its history is gone) is a gap: reported, then the watch starts over.
/// </summary>
public static class ResumingWatch
{
    /// <param name="open">Opens a watch from a resourceVersion (null: from now), passing watch ERROR events to the given callback.</param>
    public static async Task RunAsync<T>(
        Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> open,
        Action<WatchEventType, T> onEvent,
        Action<Exception> onGap,
        CancellationToken cancellationToken)
        where T : IMetadata<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(onEvent);
        ArgumentNullException.ThrowIfNull(onGap);
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? gone = null;
            void OnError(Exception e) => gone ??= e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone } ? e : null;
            try
            {
                await foreach (var (type, obj) in open(resourceVersion, OnError, cancellationToken))
                {
                    resourceVersion = obj?.Metadata?.ResourceVersion ?? resourceVersion;
                    if (obj is not null && type is not WatchEventType.Bookmark and not WatchEventType.Error)
                    {
                        onEvent(type, obj);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                gone = e;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                // The connection broke: resume from the last resourceVersion.
            }

            if (gone is not null)
            {
                onGap(gone);
                resourceVersion = null;
            }

            try
            {
                await Task.Delay(20, cancellationToken); // a pause between two reconnects, not a wait for anything
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
