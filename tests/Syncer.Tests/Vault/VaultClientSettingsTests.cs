using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Syncer.Vault;
using Syncer.Vault.Configuration;

namespace Syncer.Tests.Vault;

public sealed class VaultClientSettingsTests
{
    private static IHost Build(Dictionary<string, string?> values, Func<string, string?>? environment = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Vault");
        builder.Services.AddVaultClient(section, environment ?? (_ => null));
        return builder.Build();
    }

    [Fact(Timeout = 10_000)]
    public async Task Start_WithoutAnAddress_FailsNamingTheKey()
    {
        using var host = Build(new() { ["Vault:Auth:Token"] = "t" });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(e.Failures, f => f.Contains("Address", StringComparison.Ordinal));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("Vault:Address", "not a url", "Vault:Address")]
    [InlineData("Vault:Auth:Method", "kubernetes", "Vault:Auth:Role")]
    [InlineData("Vault:Auth:Method", "approle", "Vault:Auth:RoleIdFile")]
    [InlineData("Vault:Auth:Method", "ldap", "Method")]
    [InlineData("Vault:KvVersions:secret", "3", "Vault:KvVersions:secret")]
    [InlineData("Vault:ClientCertificatePath", "/tmp/c.pem", "Vault:ClientKeyPath")]
    [InlineData("Vault:Retry:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Vault:NegativeCacheDuration", "01:00:00", "NegativeCacheDuration")]
    [InlineData("Vault:RateLimit:Burst", "0", "Burst")]
    public async Task Start_WithABadSetting_FailsNamingIt(string key, string value, string named)
    {
        using var host = Build(new() { ["Vault:Address"] = "http://127.0.0.1:8200", ["Vault:Auth:Token"] = "t", [key] = value });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(e.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact(Timeout = 10_000)]
    public async Task Start_WithValidSettings_Succeeds()
    {
        using var host = Build(new() { ["Vault:Address"] = "http://127.0.0.1:8200", ["Vault:Auth:Token"] = "t" });

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(host.Services.GetRequiredService<IVaultClient>());
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Settings_WhenTheSectionIsSilent_TakeTheVaultCliVariables()
    {
        var environment = new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = "https://vault.example:8200",
            ["VAULT_TOKEN"] = "s.fromenv",
            ["VAULT_NAMESPACE"] = "team-a",
            ["VAULT_CACERT"] = "/etc/vault/ca.pem",
            ["VAULT_RATE_LIMIT"] = "20:40",
        };
        using var host = Build([], name => environment.GetValueOrDefault(name));

        var settings = host.Services.GetRequiredService<IOptions<VaultClientSettings>>().Value;

        Assert.Equal("https://vault.example:8200", settings.Address);
        Assert.Equal("s.fromenv", settings.Auth.Token);
        Assert.Equal("team-a", settings.Namespace);
        Assert.Equal("/etc/vault/ca.pem", settings.CaCertPath);
        Assert.Equal(20, settings.RateLimit.RequestsPerSecond);
        Assert.Equal(40, settings.RateLimit.Burst);
        Assert.Equal("VAULT_TOKEN", settings.Auth.TokenVariable);
    }

    [Fact]
    public void RateLimit_SetToZeroInTheSection_StaysOffWhateverVaultRateLimitSays()
    {
        using var host = Build(
            new() { ["Vault:Address"] = "http://127.0.0.1:8200", ["Vault:Auth:Token"] = "t", ["Vault:RateLimit:RequestsPerSecond"] = "0" },
            name => name == "VAULT_RATE_LIMIT" ? "20:40" : null);

        var settings = host.Services.GetRequiredService<IOptions<VaultClientSettings>>().Value;

        Assert.Equal(0, settings.RateLimit.EffectiveRequestsPerSecond);
        Assert.Null(settings.Auth.TokenVariable); // the token came from the section
    }

    [Fact]
    public void Settings_WhenTheSectionSetsAValue_IgnoreTheVariable()
    {
        using var host = Build(new() { ["Vault:Address"] = "http://configured:8200", ["Vault:Auth:Token"] = "t" }, name => name == "VAULT_ADDR" ? "http://env:8200" : null);

        Assert.Equal("http://configured:8200", host.Services.GetRequiredService<IOptions<VaultClientSettings>>().Value.Address);
    }
}
