using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;

namespace Syncer.Tests.Vault;

/// <summary>A 403 on a revoked token: one login, one retry, never a loop.</summary>
public sealed class VaultClientForbiddenTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Read_WithARevokedToken_LogsInOnceAndRetriesOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var first = h.ReaderToken();
        var tokenFile = _files.Write("token", first);
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, TokenAuthMethodInfo.FromFile(tokenFile));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        h.Vault.RevokeToken(first);
        _files.Write("token", h.ReaderToken()); // the agent wrote a new token
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Equal("v", secret.Data["k"].GetString());
        Assert.Equal(3, h.Count("GET", "secret/data/app")); // ok, 403, retried ok
        Assert.Equal(2, h.Metrics.VaultLoginsTotal.WithLabels("token", "success").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_WhenTheFreshTokenIsAlsoDenied_ThrowsForbiddenWithoutLooping()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var first = h.ReaderToken();
        var tokenFile = _files.Write("token", first);
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, TokenAuthMethodInfo.FromFile(tokenFile));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        h.Vault.PutPolicy("nothing", new PolicyRule("other/*", "read"));
        h.Vault.RevokeToken(first);
        _files.Write("token", h.Vault.CreateToken(new TokenSpec(["nothing"], TimeSpan.Zero, TimeSpan.Zero)));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));

        Assert.Equal(1 + 2 + 1, h.Count("GET", "secret/data/app")); // ok; 403 + one retry; then a plain 403
        Assert.Equal(2, h.Metrics.VaultLoginsTotal.WithLabels("token", "success").Value);
    }
}
