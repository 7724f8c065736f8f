using System.Collections.Concurrent;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;

namespace Syncer.Tests.Vault;

/// <summary>The token method's login after a 403 reads its source again (file or VAULT_TOKEN); it never looks up the refused token.</summary>
public sealed class VaultClientTokenSourceTests : IDisposable
{
    private const string LookupSelf = "auth/token/lookup-self";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory(Timeout = 30_000)]
    [InlineData(false)] // 403 ["permission denied","invalid token"]
    [InlineData(true)]  // 403 ["permission denied"] only, as before Vault 1.17: settled by one lookup-self
    public async Task RotatedTokenFile_IsPickedUpAfterA403_AndTheRefusedTokenIsNotLookedUpAgain(bool legacyServer)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.LegacyPermissionDeniedErrors = legacyServer;
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var first = h.ReaderToken();
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, TokenAuthMethodInfo.FromFile(_files.Write("token", first)));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        h.Vault.RevokeToken(first); // the agent has not written the new token yet
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var refused = await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        var lookupsAfterRefusal = h.Count("GET", LookupSelf);
        var requestsAfterRefusal = h.Vault.Requests.Total;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<VaultForbiddenException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        var requestsWhileUnchanged = h.Vault.Requests.Total - requestsAfterRefusal;

        _files.Write("token", h.ReaderToken()); // now it has
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Contains("still holds it", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first, refused.Message, StringComparison.Ordinal);
        Assert.Equal(legacyServer ? 2 : 1, lookupsAfterRefusal); // the first login (and the legacy 403's check), no lookup of the refused token
        Assert.Equal(0, requestsWhileUnchanged);                 // the source is read again; nothing is sent with the refused token
        Assert.Equal("v", secret.Data["k"].GetString());
        Assert.Equal(3, h.Count("GET", "secret/data/app"));      // ok; 403; ok with the new token, sent once
        Assert.Equal(2, h.Metrics.VaultLoginsTotal.WithLabels("token", "success").Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task VaultTokenVariable_IsReadAgainAtTheLoginAfterA403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var first = h.ReaderToken();
        var environment = new ConcurrentDictionary<string, string> { ["VAULT_TOKEN"] = first };
        string? Variable(string name) => environment.GetValueOrDefault(name);
        var settings = h.Settings(s => VaultEnvironment.Apply(s, Variable));
        var client = h.CreateClient(s => VaultEnvironment.Apply(s, Variable), AuthMethodInfoFactory.Create(settings.Auth, Variable));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        h.Vault.RevokeToken(first);
        environment["VAULT_TOKEN"] = h.ReaderToken();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var secret = await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.Equal("v", secret.Data["k"].GetString());
        Assert.Equal(2, h.Metrics.VaultLoginsTotal.WithLabels("token", "success").Value);
    }
}
