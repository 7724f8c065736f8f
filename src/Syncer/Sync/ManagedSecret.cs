namespace Syncer.Sync;

/// <summary>
/// Everything Syncer remembers about one labeled Secret, in one place (<see cref="ManagedSecretStore"/>): the object
/// as last seen, what the last sync wrote or verified, failures, freshness, and what the scheduler last applied.
/// Nothing here must survive a restart: all of it is rebuilt from the object (PRODUCT.md section 2).
/// Each field has one writer: the informer (<see cref="Observed"/>), the synchronizer and dispatcher (sync fields),
/// the schedule reconciler (<see cref="Applied"/>, <see cref="AppliedSchedule"/>, <see cref="PlannedInTerm"/>); the restart side only moves
/// <see cref="VerifiedResourceVersion"/> forward past its own status write, atomically (<see cref="AdvanceVerified"/>).
/// </summary>
internal sealed class ManagedSecret(SecretKey key, SecretSnapshot observed, DateTimeOffset trackedSince)
{
    private SecretSnapshot _observed = observed;
    private string? _verifiedResourceVersion;
    private TaskCompletionSource? _statusWrite;
    private Seldom? _seldom; // what only force-syncs and failures need: most Secrets never allocate it
    private int _failures;

    public SecretKey Key { get; } = key;

    /// <summary>The Secret as the informer last saw it.</summary>
    public SecretSnapshot Observed
    {
        get => Volatile.Read(ref _observed);
        set => Volatile.Write(ref _observed, value);
    }

    /// <summary>
    /// The resourceVersion at which Syncer last wrote the Secret or read it and found its managed data matching its
    /// <c>syncer.io/data-hash</c>. While the Secret stays at it, a sync needs no GET; a watch event carrying it is
    /// Syncer's own write.
    /// </summary>
    public string? VerifiedResourceVersion
    {
        get => Volatile.Read(ref _verifiedResourceVersion);
        set => Volatile.Write(ref _verifiedResourceVersion, value);
    }

    /// <summary>The <c>syncer.io/force-sync</c> value the last successful sync used (a new one reads Vault afresh).</summary>
    public string? ForceSyncApplied
    {
        get => _seldom?.ForceSyncApplied;
        set => SeldomFor(value)?.ForceSyncApplied = value;
    }

    /// <summary>When this Secret last asked Vault for a fresh read (force-sync): one per minimum refresh at most.</summary>
    public DateTimeOffset? FreshReadAt
    {
        get => _seldom?.FreshReadAt;
        set => SeldomFor(value)?.FreshReadAt = value;
    }

    /// <summary>The <c>syncer.io/force-sync</c> value that fresh read was made for: that value needs no second one.</summary>
    public string? FreshReadFor
    {
        get => _seldom?.FreshReadFor;
        set => SeldomFor(value)?.FreshReadFor = value;
    }

    /// <summary>
    /// The data-hash key <see cref="VerifiedResourceVersion"/> was verified under (compared by reference with the key in
    /// use): after the key changes, a Secret is read again before its hash is trusted, so a hash under the old key is
    /// never mistaken for a data change.
    /// </summary>
    public byte[]? VerifiedKey { get; set; }

    /// <summary>A write the API server refused as invalid (422), not tried again while its inputs and data stay the same.</summary>
    public RejectedWrite? RejectedWrite
    {
        get => _seldom?.RejectedWrite;
        set => SeldomFor(value)?.RejectedWrite = value;
    }

    /// <summary>
    /// The failure text the last Warning Event of a sync reported (with the error annotation, or alone when the
    /// annotation could not be written): the same text is not reported again until a sync succeeds.
    /// </summary>
    public string? ReportedFailure
    {
        get => _seldom?.ReportedFailure;
        set => SeldomFor(value)?.ReportedFailure = value;
    }

    public int ConsecutiveFailures => Volatile.Read(ref _failures);

    /// <summary>The last successful sync, or since when the Secret has been tracked.</summary>
    public DateTimeOffset FreshSince { get; set; } = trackedSince;

    /// <summary>The snapshot the schedule reconciler last acted on; null before it first did.</summary>
    public SecretSnapshot? Applied { get; set; }

    /// <summary>
    /// The leadership term the schedule reconciler last planned this Secret in (0: none begun yet): in a new term it
    /// plans it afresh, as a start would.
    /// </summary>
    public int PlannedInTerm { get; set; }

    /// <summary>The Secret's interval as last scheduled: retries never wait past it (the periodic sync is the retry).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.MaxValue;

    /// <summary>
    /// What the stored periodic trigger was built from (interval, cron), to rebuild it only when that changes; a new uid
    /// is a new <see cref="ManagedSecret"/>. Not a string: one per Secret would cost about 120 bytes at 10,000 Secrets.
    /// </summary>
    public (TimeSpan Interval, string? Cron)? AppliedSchedule { get; set; }

    /// <summary>
    /// A status-only write by someone other than the sync (the restart side removing <c>syncer.io/rollout-pending</c>):
    /// the written resourceVersion becomes the verified one only if the Secret was at the verified one before, so a
    /// sync in between wins and the watch event of the write triggers no sync.
    /// </summary>
    public bool AdvanceVerified(string? from, string to)
    {
        while (true)
        {
            var current = Volatile.Read(ref _verifiedResourceVersion);
            if (current != from)
            {
                return false;
            }

            // CompareExchange compares references: exchange against the very string read above.
            if (ReferenceEquals(Interlocked.CompareExchange(ref _verifiedResourceVersion, to, current), current))
            {
                return true;
            }
        }
    }

    /// <summary>Completes when no status write of the restart side is under way (at once, nearly always).</summary>
    public Task StatusWriteDone => Volatile.Read(ref _statusWrite)?.Task ?? Task.CompletedTask;

    /// <summary>
    /// Announces a status write by the restart side until the result is disposed (after <see cref="AdvanceVerified"/>):
    /// a sync that its watch event starts meanwhile waits for it, so it sees the write as Syncer's own and reads nothing.
    /// </summary>
    public IDisposable BeginStatusWrite()
    {
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _statusWrite, write);
        return new StatusWrite(this, write);
    }

    public int Failed() => Interlocked.Increment(ref _failures);

    public void Succeeded(DateTimeOffset now)
    {
        Volatile.Write(ref _failures, 0);
        FreshSince = now;
    }

    /// <summary>Where a value is set: the seldom fields, made on the first value that is not null; null for a null that changes nothing.</summary>
    private Seldom? SeldomFor<TValue>(TValue value) =>
        value is null ? _seldom : _seldom ?? Interlocked.CompareExchange(ref _seldom, new Seldom(), null) ?? _seldom;

    /// <summary>The fields few Secrets ever set, kept apart: 48 bytes less per Secret at 10,000 Secrets.</summary>
    private sealed class Seldom
    {
        public string? ForceSyncApplied { get; set; }

        public DateTimeOffset? FreshReadAt { get; set; }

        public string? FreshReadFor { get; set; }

        public RejectedWrite? RejectedWrite { get; set; }

        public string? ReportedFailure { get; set; }
    }

    private sealed class StatusWrite(ManagedSecret secret, TaskCompletionSource write) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.CompareExchange(ref secret._statusWrite, null, write);
            write.TrySetResult();
        }
    }
}
