using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class LeaderElectionAndLimitsTests
{
    [Fact(Timeout = 15_000)]
    public async Task LeaderElector_WithLeaseLock_AcquiresTheLease()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, "ns", "syncer-leader", "pod-a"))
        {
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.OnStartedLeading += () => leading.TrySetResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var run = elector.RunUntilLeadershipLostAsync(stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await stop.CancelAsync();
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5), ct));

        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("syncer-leader", "ns", cancellationToken: ct);
        Assert.Equal("pod-a", lease.Spec.HolderIdentity);
        Assert.NotNull(lease.Spec.RenewTime);
    }

    [Fact(Timeout = 10_000)]
    public async Task Body_OverThreeMebibytes_Answers413()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var body = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + new string('A', 3 * 1024 * 1024) + "\"}}";

        var (code, status, _) = await RawAsync(api, HttpMethod.Post, "/api/v1/namespaces/ns/secrets", body);

        Assert.Equal(413, code);
        Assert.Equal("RequestEntityTooLarge", (string?)status!["reason"]);
        Assert.Empty((await Client(api).CoreV1.ListNamespacedSecretAsync("ns", cancellationToken: ct)).Items);
    }

    [Fact(Timeout = 10_000)]
    public async Task Watch_TimeoutSeconds_ClosesTheStreamServerSide()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (code, body, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets?watch=true&resourceVersion=1&timeoutSeconds=1");

        Assert.Equal(200, code);
        Assert.Null(body);
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
        Assert.False(ct.IsCancellationRequested);
    }
}
