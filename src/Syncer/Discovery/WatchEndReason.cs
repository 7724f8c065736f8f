namespace Syncer.Discovery;

/// <summary>Why a watch ended; the lower-case name is the bounded <c>reason</c> label of <c>syncer_watch_restarts_total</c>.</summary>
internal enum WatchEndReason
{
    /// <summary>The server closed the stream (its timeout, or a close before the first line): resume from the last resourceVersion.</summary>
    Closed,

    /// <summary>410 Expired/Gone: the resourceVersion is too old, so re-list.</summary>
    Expired,

    /// <summary>Any other failure of the list or the watch: retry with backoff.</summary>
    Error,
}
