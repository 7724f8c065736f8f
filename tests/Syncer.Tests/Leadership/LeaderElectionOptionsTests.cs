using k8s;
using Microsoft.Extensions.Options;
using Syncer.Leadership;
using Syncer.Tests.Hosting;

namespace Syncer.Tests.Leadership;

public sealed class LeaderElectionOptionsTests
{
    private static readonly KubernetesClientConfiguration Unreachable = new() { Host = "http://127.0.0.1:1" };

    [Fact]
    public void Defaults_AreClientGosAndValid()
    {
        var options = new LeaderElectionOptions();

        Assert.True(new LeaderElectionOptionsRules().Validate(null, options).Succeeded);
        Assert.Equal(("syncer-leader", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)),
            (options.LeaseName, options.LeaseDuration, options.RenewDeadline, options.RetryPeriod));
    }

    [Theory]
    [InlineData("00:00:15", "00:00:15", "00:00:02", "RenewDeadline")]   // renew deadline not shorter than the lease
    [InlineData("00:00:15", "00:00:14", "00:00:02", "RetryPeriod")]     // a failing leader would outlive the lease
    [InlineData("00:00:15", "00:00:02", "00:00:02", "1.2 times")]       // client-go's jitter rule
    [InlineData("00:00:15.500", "00:00:10", "00:00:02", "whole seconds")]
    public void Rules_RefuseTimingsThatLetTwoReplicasLead_NamingTheKeys(string lease, string renew, string retry, string expected)
    {
        var options = new LeaderElectionOptions { LeaseDuration = TimeSpan.Parse(lease), RenewDeadline = TimeSpan.Parse(renew), RetryPeriod = TimeSpan.Parse(retry) };

        var result = new LeaderElectionOptionsRules().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Syncer:LeaderElection:", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithARenewDeadlineAsLongAsTheLease_ThrowsNamingBothKeys()
    {
        await using var host = SyncerTestHost.Build(Unreachable, new Dictionary<string, string?>
        {
            ["Syncer:LeaderElection:LeaseDuration"] = "00:00:10",
            ["Syncer:LeaderElection:RenewDeadline"] = "00:00:10",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Syncer:LeaderElection:RenewDeadline", error.Message, StringComparison.Ordinal);
        Assert.Contains("Syncer:LeaderElection:LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_WithALeaseNameThatIsNoObjectName_ThrowsNamingTheKey()
    {
        await using var host = SyncerTestHost.Build(Unreachable, new Dictionary<string, string?> { ["Syncer:LeaderElection:LeaseName"] = "Syncer_Leader" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("LeaseName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_WhenSet_IsKept()
    {
        var options = new LeaderElectionOptions { Identity = "test-replica" };

        new LeaderIdentity(_ => "pod-7", "node", 42).PostConfigure(null, options);

        Assert.Equal("test-replica", options.Identity);
    }

    [Fact]
    public void Identity_InAPod_IsThePodName()
    {
        var options = new LeaderElectionOptions();

        new LeaderIdentity(name => name == "POD_NAME" ? "syncer-7d9f-abcde" : null, "node", 42).PostConfigure(null, options);

        Assert.Equal("syncer-7d9f-abcde", options.Identity);
    }

    [Fact]
    public void Identity_OutsideAPod_IsTheHostAndProcess_SoTwoProcessesOnOneMachineDiffer()
    {
        var first = new LeaderElectionOptions();
        var second = new LeaderElectionOptions();

        new LeaderIdentity(_ => null, "laptop", 4242).PostConfigure(null, first);
        new LeaderIdentity(_ => "  ", "laptop", 4243).PostConfigure(null, second);

        Assert.Equal("laptop_4242", first.Identity);
        Assert.Equal("laptop_4243", second.Identity);
    }
}
