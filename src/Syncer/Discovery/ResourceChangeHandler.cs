using k8s;

namespace Syncer.Discovery;

/// <summary>
/// A subscriber of a <see cref="ResourceInformer{T}"/>: called for every Added, Modified and Deleted object, also for
/// each item of a (re-)list (Added) and for what a re-list no longer has (Deleted, metadata only). Called on the
/// informer's loop: keep it short (update state, queue a key).
/// </summary>
internal delegate void ResourceChangeHandler<in T>(WatchEventType type, T resource);
