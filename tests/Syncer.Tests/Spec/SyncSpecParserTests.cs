using k8s.Models;
using Syncer.Spec;
using static Syncer.Tests.Spec.SpecTestParser;

namespace Syncer.Tests.Spec;

public sealed class SyncSpecParserTests
{
    [Fact]
    public void Parse_WhenOnlyPathIsSet_TakesTheWholePathWithDefaults()
    {
        var result = Create().Parse(Annotations(SyncAnnotations.Path, "secret/shop/db"), "shop");

        Assert.True(result.IsValid);
        var spec = result.Spec;
        Assert.Equal("shop", spec.Namespace);
        Assert.Equal(new VaultSource("secret/shop/db", null), spec.Path);
        Assert.True(spec.WholePath);
        Assert.Equal([new VaultSource("secret/shop/db", null)], spec.Sources);
        Assert.Equal(new SpecOptions().DefaultRefresh, spec.Interval); // the default, resolved into the spec
        Assert.Equal(spec.Interval, spec.ReadWindow);
        Assert.Null(spec.Schedule);
        Assert.Equal(RestartMode.Auto, spec.Restart.Mode); // the default, resolved into the spec
        Assert.Null(spec.ForceSync);
    }

    [Fact]
    public void Parse_WhenKeysMapPropertiesOfPathAndOtherPaths_BuildsMappingsAndDistinctSources()
    {
        var result = Create().Parse(Annotations(
            SyncAnnotations.Path, "secret/shop/db",
            SyncAnnotations.Version, "7",
            SyncAnnotations.Keys, " user = username , password=creds.password,api=kv/shared/api#token, same=secret/shop/db#host"), "shop");

        Assert.True(result.IsValid, result.ErrorSummary);
        var pinned = new VaultSource("secret/shop/db", 7);
        Assert.Equal(
            [
                new KeyMapping("user", pinned, "username"),
                new KeyMapping("password", pinned, "creds.password"),
                new KeyMapping("api", new VaultSource("kv/shared/api", null), "token"),
                new KeyMapping("same", pinned, "host"),
            ],
            result.Spec.Keys);
        Assert.Equal([new VaultSource("kv/shared/api", null), pinned], result.Spec.Sources);
        Assert.False(result.Spec.WholePath);
    }

    [Fact]
    public void Parse_WhenKeysOnlyNameOtherPaths_NeedsNoPath()
    {
        var result = Create().Parse(Annotations(SyncAnnotations.Keys, "pw=secret/shop/db#password"), "shop");

        Assert.True(result.IsValid, result.ErrorSummary);
        Assert.Null(result.Spec.Path);
        Assert.Equal([new VaultSource("secret/shop/db", null)], result.Spec.Sources);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 2m ", 120)]
    public void Parse_WhenRefreshIsValid_ReadsTheInterval(string value, int seconds)
    {
        var result = Create().Parse(Annotations(SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Refresh, value), "shop");

        Assert.True(result.IsValid, result.ErrorSummary);
        Assert.Equal(TimeSpan.FromSeconds(seconds), result.Spec.Interval);
    }

    [Fact]
    public void Parse_WhenScheduleIsAValidQuartzCron_KeepsIt()
    {
        var result = Create().Parse(Annotations(SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Schedule, "0 0/5 * * * ?"), "shop");

        Assert.True(result.IsValid, result.ErrorSummary);
        Assert.Equal("0 0/5 * * * ?", result.Spec.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(5), result.Spec.Interval); // the shortest gap between its firings
    }

    [Theory]
    [InlineData("auto", "Auto")]
    [InlineData("None", "None")]
    public void Parse_WhenRestartIsAWord_ReadsTheMode(string value, string modeName)
    {
        var mode = Enum.Parse<RestartMode>(modeName);
        var result = Create().Parse(Annotations(SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Restart, value), "shop");

        Assert.Equal(mode, result.Spec!.Restart!.Mode);
        Assert.Empty(result.Spec.Restart.Targets);
    }

    [Fact]
    public void Parse_WhenRestartIsAList_ReadsTargetsWithLowerCaseKinds()
    {
        var result = Create().Parse(Annotations(
            SyncAnnotations.Path, "secret/shop/db", SyncAnnotations.Restart, "Deployment/web, statefulset/db,daemonset/agent"), "shop");

        Assert.True(result.IsValid, result.ErrorSummary);
        Assert.Equal(RestartMode.Explicit, result.Spec.Restart!.Mode);
        Assert.Equal([new WorkloadRef("deployment", "web"), new WorkloadRef("statefulset", "db"), new WorkloadRef("daemonset", "agent")], result.Spec.Restart.Targets);
    }

    [Fact]
    public void Parse_WhenSecretCarriesStatusAnnotationsAndForceSync_IgnoresStatusAndKeepsToken()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "db",
                NamespaceProperty = "shop",
                Annotations = new Dictionary<string, string>
                {
                    [SyncAnnotations.Path] = "secret/shop/db",
                    [SyncAnnotations.ForceSync] = "2026-01-01T10:00:00Z",
                    [SyncAnnotations.ManagedKeys] = "a,b",
                    [SyncAnnotations.DataHash] = "hmac-sha256:00",
                    [SyncAnnotations.Error] = "old",
                    ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
                },
            },
        };

        var result = Create().Parse(secret.Metadata.Annotations.AsReadOnly(), secret.Metadata.NamespaceProperty);

        Assert.True(result.IsValid, result.ErrorSummary);
        Assert.Equal("2026-01-01T10:00:00Z", result.Spec.ForceSync);
        Assert.Equal("shop", result.Spec.Namespace);
    }

    [Fact]
    public void Parse_WhenAnnotationsAreNull_SaysNeitherPathNorKeys()
    {
        var result = Create().Parse((IReadOnlyDictionary<string, string>?)null, "shop");

        Assert.Contains("neither syncer.io/path nor syncer.io/keys", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
