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
/// queue is bounded (1,000, client-go's size) and nothing is dropped: when it is full the caller waits. Stopping sends
/// what is queued, for at most <see cref="DrainTimeout"/>. An Event that cannot be written is logged and never fails
/// the caller. Messages name objects, paths and keys, never values.
/// </summary>
internal sealed class EventRecorder : IAsyncDisposable
{
    public const string Component = "syncer";
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private const int MaxMessageLength = 1024;
    private const int QueueCapacity = 1000;
    // As many as the default sync concurrency: four were measured to hold a 10,000-Secret cold start with 2 ms per API
    // request at 31 s against 16 s, the syncs waiting on a full queue (make bench).
    private const int Senders = 16;
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

    /// <summary>Queues the Event; waits only while the queue is full.</summary>
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

        try
        {
            await _queue.Writer.WriteAsync(evt, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Done(); // not queued: the caller stopped, or Syncer is stopping
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
            try
            {
                await _kubernetes.CoreV1.CreateNamespacedEventAsync(evt, evt.Metadata.NamespaceProperty, cancellationToken: _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
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
