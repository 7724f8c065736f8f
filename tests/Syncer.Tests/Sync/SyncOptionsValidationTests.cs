using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Syncer.Spec;
using Syncer.Sync;

namespace Syncer.Tests.Sync;

public sealed class SyncOptionsValidationTests
{
    [Fact]
    public void Validate_WhenDefaults_Succeeds()
    {
        Assert.True(new SyncOptionsValidator().Validate(null, new SyncOptions()).Succeeded);
        Assert.True(new SpecOptionsValidator().Validate(null, new SpecOptions()).Succeeded);
        Assert.True(new SpecOptionsRules().Validate(null, new SpecOptions()).Succeeded);
    }

    [Fact]
    public void Validate_WhenDefaultRefreshIsBelowMinimum_FailsNamingBothKeys()
    {
        var result = new SpecOptionsRules().Validate(null, new SpecOptions
        {
            DefaultRefresh = TimeSpan.FromSeconds(10),
            MinimumRefresh = TimeSpan.FromSeconds(30),
        });

        Assert.True(result.Failed);
        Assert.Contains("Syncer:Sync:DefaultRefresh (10s) is below Syncer:Sync:MinimumRefresh (30s)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("Syncer:Sync:MinimumRefresh", "00:00:00", "MinimumRefresh")]
    [InlineData("Syncer:Sync:DefaultRestart", "sometimes", "DefaultRestart")]
    [InlineData("Syncer:Sync:Namespace", "Not A Namespace", "Namespace")]
    [InlineData("Syncer:Sync:MaxWriteAttempts", "0", "MaxWriteAttempts")]
    [InlineData("Syncer:Sync:MaxSources", "0", "MaxSources")]
    [InlineData("Syncer:Sync:HmacKeyCheckInterval", "00:00:00", "HmacKeyCheckInterval")]
    [InlineData("Syncer:Policy:Rules:0:Namespaces:0", "shop", "Paths")]
    [InlineData("Syncer:Policy:Rules:0:Paths:0", "secret/*/x", "Syncer:Policy:Rules:0:Paths:0")]
    public async Task StartAsync_WhenASettingIsInvalid_ThrowsNamingIt(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        if (key.StartsWith("Syncer:Policy:Rules:0:Paths", StringComparison.Ordinal))
        {
            builder.Configuration.AddInMemoryCollection([new("Syncer:Policy:Rules:0:Namespaces:0", "shop")]);
        }

        builder.Services.AddSyncEngine(builder.Configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WhenConfigured_ReadsDurationsAndNamesFromTheSameSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Syncer:Sync:DefaultRefresh", "00:10:00"),
            new("Syncer:Sync:Namespace", "platform-syncer"),
        ]).Build();
        using var services = new ServiceCollection().AddSyncEngine(configuration).BuildServiceProvider();

        Assert.Equal(TimeSpan.FromMinutes(10), services.GetRequiredService<IOptions<SpecOptions>>().Value.DefaultRefresh);
        var options = services.GetRequiredService<IOptions<SyncOptions>>().Value;
        Assert.Equal("platform-syncer", options.Namespace); // a setting overrides the resolved default
        Assert.Equal("syncer-hmac-key", options.HmacKeySecretName);
    }

    [Fact]
    public void OwnNamespace_ComesFromPodNamespaceThenTheServiceAccountFileThenTheDefault()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-file\n");
            Assert.Equal("from-env", new OwnNamespace(v => v == "POD_NAMESPACE" ? "from-env" : null, file).Resolve());
            Assert.Equal("from-file", new OwnNamespace(_ => null, file).Resolve());
            Assert.Equal("syncer-system", new OwnNamespace(_ => null, file + ".missing").Resolve());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void OwnNamespace_DoesNotOverrideASetting()
    {
        var options = new SyncOptions { Namespace = "configured" };

        new OwnNamespace(_ => "from-env", "/nonexistent").PostConfigure(null, options);

        Assert.Equal("configured", options.Namespace);
    }
}
