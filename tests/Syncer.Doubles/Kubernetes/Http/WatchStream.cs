using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Output;
using Syncer.Doubles.Kubernetes.Rules;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// A watch: 200 then one JSON event per line, flushed per event; synthetic ADDED without a resourceVersion;
/// selector transitions as ADDED/DELETED; BOOKMARKs when asked; ERROR 410 for a compacted resourceVersion (out of
/// the history window, or forgotten by <see cref="KubeFaults.ExpireWatches"/> for clients not counted apart);
/// closed by timeoutSeconds, the default timeout, the client or <see cref="KubeFaults.DropWatches"/>.
/// </summary>
internal sealed class WatchStream(ObjectStore store, KubeFaults faults, KubeApiDoubleOptions options)
{
    public async Task RunAsync(ApiTarget target, HttpContext context, OutputForm form, OutputTransform output)
    {
        var query = context.Request.Query;
        var type = target.Type;
        var matches = ResourceReads.Filter(target, query);
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var timeout = long.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds) : options.DefaultWatchTimeout;
        long? fromRv = query["resourceVersion"].ToString() switch
        {
            "" or "0" => null,
            var text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) => rv,
            var text => throw KubeErrors.BadRequest($"resourceVersion: Invalid value: \"{text}\": must be a valid resourceVersion"),
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, faults.WatchDropToken);
        stop.CancelAfter(timeout);
        // Writes only stop for a client that went away: a write cancelled by the timeout would make Kestrel
        // abort the connection instead of ending the chunked stream cleanly.
        var aborted = context.RequestAborted;
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(aborted);
        await response.Body.FlushAsync(aborted); // headers on the wire now: kubectl waits for them


        WatchSubscription subscription;
        try
        {
            var expired = faults.ExpiredThrough;
            if (fromRv is { } from && from <= expired && !context.Items.ContainsKey(KubeFaults.ExemptItem))
            {
                throw KubeErrors.Expired($"too old resource version: {from} ({expired + 1})");
            }

            subscription = store.Subscribe(type.StorageKey, fromRv);
        }
        catch (KubeStatusException e)
        {
            await WriteAsync(response, new JsonObject { ["type"] = "ERROR", ["object"] = e.Status }, aborted);
            return;
        }

        // Each event's object in the negotiated form (PartialObjectMetadata, a one-row Table, …), made from its
        // wire shape; a Table carries its column definitions in the first event only (watchEmbeddedEncoder).
        JsonObject Encode(JsonObject stored)
        {
            var encoded = output.ApplyToWatchObject(form, type, ResourceRules.ToWire(type, stored, withKind: true));
            form = form with { NoHeaders = true };
            return encoded;
        }

        using (subscription)
        {
            try
            {
                foreach (var obj in subscription.Initial.Where(matches))
                {
                    await WriteEventAsync(response, "ADDED", Encode(obj), aborted);
                }

                await PumpAsync(response, subscription, Encode, matches, bookmarks, stop.Token, aborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // Timeout, dropped watch or a client that went away: the stream just ends.
            }
        }
    }

    private async Task PumpAsync(HttpResponse response, WatchSubscription subscription,
        Func<JsonObject, JsonObject> encode, Func<JsonObject, bool> matches, bool bookmarks, CancellationToken stop, CancellationToken aborted)
    {
        var reader = subscription.Events;
        while (!stop.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            if (bookmarks)
            {
                wait.CancelAfter(options.BookmarkInterval);
            }

            try
            {
                if (!await reader.WaitToReadAsync(wait.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                if (store.BookmarkFor(subscription) is { } rv)
                {
                    var bookmark = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) },
                    };
                    await WriteEventAsync(response, "BOOKMARK", encode(bookmark), aborted);
                }

                continue;
            }

            while (reader.TryRead(out var change))
            {
                if (Translate(change, matches) is { } translated)
                {
                    await WriteEventAsync(response, translated.Type, encode(translated.Object), aborted);
                }
            }
        }
    }

    /// <summary>A store change as this watcher sees it through its selectors (etcd3 watcher transform).</summary>
    private static (string Type, JsonObject Object)? Translate(StoreEvent change, Func<JsonObject, bool> matches)
    {
        var before = change.Previous is not null && matches(change.Previous);
        switch (change.Type)
        {
            case "ADDED":
                return matches(change.Object) ? ("ADDED", change.Object) : null;
            case "DELETED":
                return before ? ("DELETED", change.Object) : null;
        }

        var after = matches(change.Object);
        if (after)
        {
            return (before ? "MODIFIED" : "ADDED", change.Object);
        }

        if (!before)
        {
            return null;
        }

        var gone = (JsonObject)change.Previous!.DeepClone();
        gone["metadata"]!["resourceVersion"] = change.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        return ("DELETED", gone);
    }

    private static Task WriteEventAsync(HttpResponse response, string eventType, JsonObject obj, CancellationToken ct) =>
        WriteAsync(response, new JsonObject { ["type"] = eventType, ["object"] = obj }, ct);

    private static async Task WriteAsync(HttpResponse response, JsonObject watchEvent, CancellationToken ct)
    {
        await response.WriteAsync(watchEvent.ToJsonString(KubeJson.Options) + "\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
