using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>
/// List then watch of one kind in every namespace into a cache, as client-go's shared informers do: handlers hear
/// every change (a re-list reports what vanished as deleted), the watch resumes from the last resourceVersion
/// when the server closes it and re-lists after 410 Gone. Hand-written: the KubernetesClient has no informer
/// (kubernetes-client/csharp#486), and the double must not borrow Syncer's own (the code under test).
/// </summary>
internal sealed class Informer<T>(ListWatch<T> api, ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly List<Action<WatchEventType, T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Synced => _synced.Task;

    public ICollection<T> Items => _items.Values;

    public T? Get(string key) => _items.GetValueOrDefault(key);

    /// <summary>Registers a handler; call before <see cref="RunAsync"/>. Handlers must be quick (they enqueue keys).</summary>
    public void OnChange(Action<WatchEventType, T> handler) => _handlers.Add(handler);

    public async Task RunAsync(CancellationToken ct)
    {
        string? resourceVersion = null;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (items, listRv) = await api.List(ct);
                    Replace(items);
                    resourceVersion = listRv;
                    _synced.TrySetResult();
                }

                resourceVersion = await WatchAsync(resourceVersion, ct);
                failures = 0;
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                resourceVersion = null;
            }
            catch (Exception e)
            {
                // The transport's backoff runs on the wall clock, whatever clock the cluster's time is driven by.
                var delay = Backoff.Delay(++failures);
                Log.WatchFailed(logger, e, api.Resource, delay);
                await Task.Delay(delay, TimeProvider.System, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One watch; returns the resourceVersion to resume from, or null to re-list (410).</summary>
    private async Task<string?> WatchAsync(string resourceVersion, CancellationToken ct)
    {
        var gone = false;
        void OnError(Exception e) => gone |= e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone };

        // client-go's reflector asks for 5 to 10 minutes, so watches of one client do not all end at once.
        var timeout = 300 + Random.Shared.Next(300);
        try
        {
            await foreach (var (type, obj) in api.Watch(resourceVersion, timeout, OnError, ct))
            {
                resourceVersion = obj.Metadata?.ResourceVersion ?? resourceVersion;
                if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                {
                    Apply(type, obj);
                }
            }
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested && e.InnerException is EndOfStreamException or IOException { InnerException: EndOfStreamException })
        {
            // The server closed an idle watch before its first line: resume.
        }

        return gone ? null : resourceVersion;
    }

    private void Replace(IList<T> items)
    {
        var listed = items.ToDictionary(Key, StringComparer.Ordinal);
        foreach (var (key, old) in _items.Where(kv => !listed.ContainsKey(kv.Key)).ToList())
        {
            _items.TryRemove(key, out _);
            Notify(WatchEventType.Deleted, old);
        }

        foreach (var item in items)
        {
            var known = _items.ContainsKey(Key(item));
            Apply(known ? WatchEventType.Modified : WatchEventType.Added, item);
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        if (type == WatchEventType.Deleted)
        {
            _items.TryRemove(Key(obj), out _);
        }
        else
        {
            _items[Key(obj)] = obj;
        }

        Notify(type, obj);
    }

    private void Notify(WatchEventType type, T obj)
    {
        foreach (var handler in _handlers)
        {
            handler(type, obj);
        }
    }

    private static string Key(T obj) => ObjectKey.Of(obj);
}
