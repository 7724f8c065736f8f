using System.Net.Sockets;
using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests;

/// <summary>Connection refused, as from a server that is down, in front of a double that keeps running.</summary>
public sealed class LoopbackGateTests
{
    [Fact(Timeout = 15_000)]
    public async Task Refuse_RefusesNewConnections_AndAdmit_ServesAgainOnTheSamePort()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vault = await VaultDouble.StartAsync(cancellationToken: ct);
        await using var gate = LoopbackGate.Start(vault.Address);

        var before = await GetHealthAsync(gate.Address, ct);
        gate.Refuse();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => GetHealthAsync(gate.Address, ct));
        gate.Admit();
        var after = await GetHealthAsync(gate.Address, ct);

        Assert.Equal(200, before);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
        Assert.True(gate.Refusing is false && gate.Connections == 2);
        Assert.Equal(200, after);
        Assert.NotEqual(vault.Address.Port, gate.Address.Port);
    }

    [Fact(Timeout = 15_000)]
    public async Task Refuse_ResetsConnectionsInFlight()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var vault = await VaultDouble.StartAsync(cancellationToken: ct);
        await using var gate = LoopbackGate.Start(vault.Address);
        vault.Faults.DelayNext(1, TimeSpan.FromHours(1), "sys/health");

        var held = GetHealthAsync(gate.Address, ct);
        while (vault.Requests.Count("GET", "sys/health") == 0)
        {
            await Task.Delay(5, ct);
        }

        gate.Refuse();

        await Assert.ThrowsAsync<HttpRequestException>(() => held);
    }

    private static async Task<int> GetHealthAsync(Uri address, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = address };
        using var response = await http.GetAsync("/v1/sys/health", ct);
        return (int)response.StatusCode;
    }
}
