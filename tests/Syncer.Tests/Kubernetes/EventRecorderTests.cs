using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Syncer.Kubernetes;
using Syncer.Tests.Sync.Support;

namespace Syncer.Tests.Kubernetes;

/// <summary>Events are sent in the background: the caller does not wait for the round trip, and nothing queued is lost.</summary>
public sealed class EventRecorderTests
{
    private static readonly k8s.Models.V1ObjectReference About = EventRecorder.SecretReference(SyncHarness.Ns, "db", "uid-1", "1");

    [Fact(Timeout = 30_000)]
    public async Task Record_ReturnsBeforeTheApiServerAnswers_AndFlushWaitsForIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        await using var recorder = new EventRecorder(h.Client, TimeProvider.System, new FakeLogger<EventRecorder>());
        h.Kube.Faults.SetLatency("create", "events", TimeSpan.FromSeconds(3));

        await recorder.RecordAsync(About, EventRecorder.Normal, "Synced", "Synced: set 1 key", ct);
        var whileInFlight = (await h.Client.CoreV1.ListNamespacedEventAsync(SyncHarness.Ns, cancellationToken: ct)).Items.Count;
        var pending = recorder.Pending;
        await recorder.FlushAsync(ct);

        Assert.Equal((0, 1), (whileInFlight, pending)); // RecordAsync came back with the Event still on its way
        var written = Assert.Single((await h.Client.CoreV1.ListNamespacedEventAsync(SyncHarness.Ns, cancellationToken: ct)).Items);
        Assert.Equal(("Synced", "db", "Secret"), (written.Reason, written.InvolvedObject.Name, written.InvolvedObject.Kind));
        Assert.Equal(0, recorder.Pending);
    }

    [Fact(Timeout = 30_000)]
    public async Task Dispose_SendsEveryQueuedEventFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        var recorder = new EventRecorder(h.Client, TimeProvider.System, new FakeLogger<EventRecorder>());
        h.Kube.Faults.SetLatency("create", "events", TimeSpan.FromMilliseconds(50));

        for (var i = 0; i < 20; i++)
        {
            await recorder.RecordAsync(About, EventRecorder.Normal, "Synced", $"Synced #{i}", ct);
        }

        await recorder.DisposeAsync(); // a graceful stop

        Assert.Equal(20, (await h.Client.CoreV1.ListNamespacedEventAsync(SyncHarness.Ns, cancellationToken: ct)).Items.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task Record_BeyondAFullQueue_SendsItItself_AndLosesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        await using var recorder = new EventRecorder(h.Client, TimeProvider.System, new FakeLogger<EventRecorder>());
        h.Kube.Faults.SetLatency("create", "events", TimeSpan.FromMilliseconds(20)); // the senders fall behind at once

        for (var i = 0; i < 1_100; i++) // more than the queue (1,000) and its senders hold
        {
            await recorder.RecordAsync(About, EventRecorder.Normal, "Synced", $"Synced #{i}", ct);
        }

        await recorder.FlushAsync(ct);

        Assert.Equal(1_100, (await h.Client.CoreV1.ListNamespacedEventAsync(SyncHarness.Ns, cancellationToken: ct)).Items.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task Record_WhenTheApiServerRefuses_LogsAWarningAndNeverThrows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await SyncHarness.StartAsync(ct);
        var logger = new FakeLogger<EventRecorder>();
        await using var recorder = new EventRecorder(h.Client, TimeProvider.System, logger);
        h.Kube.Faults.SetErrorRate("create", "events", 1.0, 500);

        await recorder.RecordAsync(About, EventRecorder.Warning, "SyncFailed", "Vault is sealed; data left unchanged", ct);
        await recorder.FlushAsync(ct);

        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("Could not record Event SyncFailed on Secret shop/db", line.Message, StringComparison.Ordinal);
    }
}
