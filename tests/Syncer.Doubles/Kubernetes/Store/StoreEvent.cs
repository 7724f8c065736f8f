using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Store;

/// <summary>
/// One committed change. <see cref="Object"/> is what a watch sends (for DELETED: the old object stamped with
/// the deletion resourceVersion); <see cref="Previous"/> is the object before the change (null for ADDED).
/// Both are frozen: never mutate them, clone first.
/// </summary>
internal sealed record StoreEvent(long ResourceVersion, string StorageKey, string Type, JsonObject Object, JsonObject? Previous);
