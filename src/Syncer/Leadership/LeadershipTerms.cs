namespace Syncer.Leadership;

/// <summary>
/// This replica's leadership terms, thread-safe: whether it leads, since when, and the token of the current term
/// (cancelled when the term ends; an already-cancelled token between terms). Waiters are released when a term begins.
/// </summary>
internal sealed class LeadershipTerms
{
    private static readonly CancellationToken NotLeading = new(canceled: true);

    private readonly Lock _gate = new();
    private CancellationTokenSource? _term;
    private TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _since;

    public bool IsLeading
    {
        get
        {
            lock (_gate)
            {
                return _term is not null;
            }
        }
    }

    public CancellationToken Token
    {
        get
        {
            lock (_gate)
            {
                return _term?.Token ?? NotLeading;
            }
        }
    }

    public DateTimeOffset? Since
    {
        get
        {
            lock (_gate)
            {
                return _since;
            }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _leading.Task.WaitAsync(cancellationToken);
        }
    }

    /// <returns>True when this began a term; false when one was running already.</returns>
    public bool Begin(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_term is not null)
            {
                return false;
            }

            _term = new CancellationTokenSource();
            _since = now;
            _leading.TrySetResult();
            return true;
        }
    }

    /// <summary>Ends the running term and cancels its token (work under it stops); false when none was running.</summary>
    public bool End()
    {
        CancellationTokenSource ended;
        lock (_gate)
        {
            if (_term is null)
            {
                return false;
            }

            ended = _term;
            _term = null;
            _since = null;
            _leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Outside the lock: cancellation runs the callbacks of the work under the term. Not disposed: that work may
        // still read the token.
        ended.Cancel();
        return true;
    }
}
