using System.Security.Cryptography;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Syncer.Kubernetes;

/// <summary>
/// Records core/v1 Events on any object (a Secret now, a workload for restarts). Events are queued and written by a
/// few background senders, as client-go's recorder does through its broadcaster: a sync or a rollout does not hold
/// its slot for its Event's round trip (the burst of new Secrets measured in make bench waited on exactly that). The
/// queue is bounded (1,000, client-go's size) and nothing is dropped: when it is full the caller sends its Event itself,
/// as before the queue, so the Events never pace the syncs more than inline sending did. Stopping sends what is
/// queued, for at most <see cref="DrainTimeout"/>. An Event that cannot be written is logged and never fails
/// the caller. Messages name objects, paths and keys, never values.
/// </summary>
internal sealed class EventRecorder : IAsyncDisposable
{
    public const string Component = "syncer";
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private const int MaxMessageLength = 1024;
    private const int QueueCapacity = 1000;
    // Four, and a full queue is sent by its caller: with four and a waiting caller, a 10,000-Secret cold start at 2 ms
    // per API request took 31 s (the syncs paced by the Events); with sixteen, the senders took the CPU the syncs needed
    // when there was no latency (make bench: 16.5 to 20 s against 8.7 s).
    private const int Senders = 4;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _kubernetes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EventRecorder> _logger;
    private readonly Channel<Corev1Event> _queue = Channel.CreateBounded<Corev1Event>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Task[] _senders;
    private int _pending;
    private int _dropped;
    private bool _disposed;
    private TaskCompletionSource _idle = Completed();

    public EventRecorder(IKubernetes kubernetes, TimeProvider timeProvider, ILogger<EventRecorder> logger)
    {
        _kubernetes = kubernetes;
        _timeProvider = timeProvider;
        _logger = logger;
        _senders = [.. Enumerable.Range(0, Senders).Select(_ => Task.Run(SendAsync))];
    }

    /// <summary>Events queued or being written now.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues the Event; when the queue is full (or closed, Syncer stopping), sends it itself.</summary>
    public async Task RecordAsync(V1ObjectReference about, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(about);
        ArgumentNullException.ThrowIfNull(message);
        var evt = Build(about, type, reason, message);
        lock (_gate)
        {
            if (_pending++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (!_queue.Writer.TryWrite(evt))
        {
            await SendOneAsync(evt, cancellationToken); // the caller pays when the senders lag: never slower than inline
        }
    }

    /// <summary>Completes when every Event queued so far has been written (or has failed and been logged).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_senders).WaitAsync(DrainTimeout, _timeProvider);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync(); // the API server is too slow to take them all: give up on the rest
            await Task.WhenAll(_senders);
            Log.EventsDropped(_logger, _dropped, DrainTimeout);
        }

        Volatile.Write(ref _disposed, true);
        _stopping.Dispose();
    }

    /// <summary>The reference of a Secret, as Events name it.</summary>
    public static V1ObjectReference SecretReference(string ns, string name, string? uid, string? resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Name = name,
        NamespaceProperty = ns,
        Uid = uid,
        ResourceVersion = resourceVersion,
    };

    private Corev1Event Build(V1ObjectReference about, string type, string reason, string message)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var prefix = about.Name.Length > 200 ? about.Name[..200] : about.Name;
        return new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // client-go style: <object>.<unique suffix>
                Name = $"{prefix}.{now.Ticks:x}{RandomNumberGenerator.GetHexString(6, lowercase: true)}",
                NamespaceProperty = about.NamespaceProperty,
            },
            InvolvedObject = about,
            Type = type,
            Reason = reason,
            Message = message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 3), "..."),
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
    }

    private async Task SendAsync()
    {
        await foreach (var evt in _queue.Reader.ReadAllAsync())
        {
            await SendOneAsync(evt, CancellationToken.None);
        }
    }

    private async Task SendOneAsync(Corev1Event evt, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed))
        {
            Interlocked.Increment(ref _dropped); // recorded after the stop's drain: nothing is left to send it
            Done();
            return;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, cancellationToken);
            await _kubernetes.CoreV1.CreateNamespacedEventAsync(evt, evt.Metadata.NamespaceProperty, cancellationToken: linked.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _dropped);
        }
        catch (Exception ex)
        {
            var about = evt.InvolvedObject;
            Log.EventFailed(_logger, about.Kind, about.NamespaceProperty, about.Name, evt.Reason, ex);
        }
        finally
        {
            Done();
        }
    }

    private void Done()
    {
        lock (_gate)
        {
            if (--_pending == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
