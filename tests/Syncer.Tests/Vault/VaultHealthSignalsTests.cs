using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;
using Syncer.Vault;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Vault;

/// <summary>What health and metrics read from the Vault client: the token's time to expiry and whether login fails.</summary>
public sealed class VaultHealthSignalsTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void KubernetesAuth_ByDefault_ReadsTheProjectedVaultToken_NotTheApiServerToken()
    {
        var settings = new VaultAuthSettings();

        Assert.Equal("/var/run/secrets/syncer.io/vault/token", settings.JwtFile);
        Assert.DoesNotContain("kubernetes.io/serviceaccount", settings.JwtFile, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task TokenExpiryGauge_WhenTheTokenExpiresUnnoticed_GoesNegativeAtTheNextPublish()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.ReaderToken();
        h.Vault.AddAppRole("role-1", "secret-1", new TokenSpec(["reader"], TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), Renewable: true));
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, new AppRoleAuthMethodInfo(_files.Write("role_id", "role-1"), _files.Write("secret_id", "secret-1")));
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);
        var afterLogin = h.Metrics.VaultTokenExpirySeconds.Value;

        // Vault stops answering renewals and logins (400: not retried), and two minutes pass without a read.
        h.Vault.Faults.FailNext(10_000, 400, pathPrefix: "auth/");
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var stale = h.Metrics.VaultTokenExpirySeconds.Value;
        client.PublishTokenExpiry();

        Assert.Equal(60, afterLogin);
        Assert.True(stale > 0, "without a publish the gauge still shows the last value it was given");
        Assert.Equal(-60, h.Metrics.VaultTokenExpirySeconds.Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task AuthenticationFailing_IsSetByAFailedLogin_AndClearedByTheNextSuccessfulOne()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.ReaderToken();
        h.Vault.AddKubernetesRole("syncer", "jwt-good", new TokenSpec(["reader"], TimeSpan.FromHours(1), TimeSpan.Zero, Renewable: true));
        h.Vault.WriteSecret("secret", "app", new Dictionary<string, object?> { ["k"] = "v" });
        var jwtFile = _files.Write("token", "jwt-bad");
        var client = h.CreateClient(s => s.KvVersions["secret"] = 2, new KubernetesAuthMethodInfo("syncer", jwtFile));
        var before = client.AuthenticationFailing;

        await Assert.ThrowsAnyAsync<VaultApiException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));
        var afterFailure = client.AuthenticationFailing;
        _files.Write("token", "jwt-good");
        await client.ReadKeyValueAsync("secret/app", cancellationToken: ct);

        Assert.False(before);
        Assert.True(afterFailure);
        Assert.False(client.AuthenticationFailing);
    }
}
