using Syncer.Doubles.Vault;
using Syncer.Policy;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>
/// Tenancy and KV-only before any read (PRODUCT.md section 2, promise 7; issue 12): the policy on the written path,
/// the mount lookup, the policy on the real mount, all decided before Vault is asked for data.
/// </summary>
public sealed class SecretSynchronizerTenancyTests
{
    private const string Value = "tenant-secret-Value-77";
    private const string MountLookups = "sys/internal/ui/mounts/";

    private static Dictionary<string, string> PathOnly(string path) => new() { [SyncAnnotations.Path] = path };

    [Fact(Timeout = 30_000)]
    public async Task Sync_OnANestedMountOutsideItsNamespace_IsForbiddenBeforeAnyRead_WithOneTextWhetherThePathExistsOrNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await StartAsync(ct, namespaces: "prod");
        h.Vault.EnableKv("kv/prod", 2); // kv/prod/payments/db reads as namespace "prod", but it is the payments team's path on mount kv/prod
        h.Vault.WriteSecret("kv/prod", "payments/db", new Dictionary<string, object?> { ["pw"] = Value });
        await h.CreateSecretAsync("exists", PathOnly("kv/prod/payments/db"), ns: "prod");
        await h.CreateSecretAsync("missing", PathOnly("kv/prod/payments/nothere"), ns: "prod");

        var exists = await h.SyncAsync("exists", "prod");
        var missing = await h.SyncAsync("missing", "prod");

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.Forbidden), (exists.Outcome, exists.Reason));
        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.Forbidden), (missing.Outcome, missing.Reason));
        Assert.False(exists.Retryable);
        Assert.Equal(exists.Message!.Replace("payments/db", "<path>", StringComparison.Ordinal), missing.Message!.Replace("payments/nothere", "<path>", StringComparison.Ordinal));
        Assert.Contains("it is on KV mount 'kv/prod', so it is not under 'kv/prod/prod/'", exists.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Vault.Requests.CountWhere((_, route) => route.StartsWith("kv/prod/", StringComparison.Ordinal))); // no read of either path
        Assert.Equal(0, h.ReadCache.Count); // the denied data never entered the cache
        var forbidden = (await h.EventsAsync("prod")).Where(e => e.Reason == "Forbidden").ToList();
        Assert.Equal(2, forbidden.Count);
        Assert.Equal(exists.Message, (await h.GetSecretAsync("exists", "prod")).Metadata.Annotations[SyncAnnotations.Error]);
        Assert.Null((await h.GetSecretAsync("exists", "prod")).Data);
        Assert.DoesNotContain(Value, h.AllLogText, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("database/creds/app", "database")]
    [InlineData("database/shop/app", "database")] // allowed by the built-in grant <mount>/<namespace>/..., still not KV
    [InlineData("transit/keys/orders", "transit")]
    [InlineData("pki/cert/ca", "pki")]
    public async Task Sync_OfAPathOnANonKvMount_IsForbiddenBeforeAnyRead_AndNotRetried(string path, string type)
    {
        var ct = TestContext.Current.CancellationToken;
        var policy = new PolicyOptions { Rules = [new TenancyRule { Namespaces = ["shop"], Paths = ["database/*", "transit/*", "pki/*"] }] };
        await using var h = await StartAsync(ct, policy);
        h.Vault.EnableMount(new VaultMount(type, type));
        if (type == "database")
        {
            h.Vault.AddDatabaseRole("database", "app");
        }

        await h.CreateSecretAsync("db", PathOnly(path));

        var first = await h.SyncAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        var second = await h.SyncAsync();

        Assert.Equal((SyncOutcome.Failed, SyncFailureReason.Forbidden), (first.Outcome, first.Reason));
        Assert.False(first.Retryable);
        Assert.Equal(first.Message, second.Message);
        Assert.Contains($"is on the Vault mount '{type}/' of type '{type}', not a KV secrets engine; Syncer reads only KV mounts", first.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Vault.Requests.CountWhere((_, route) => route.StartsWith(type + "/", StringComparison.Ordinal)));
        Assert.Equal(1, h.Vault.Requests.CountWhere((_, route) => route.StartsWith(MountLookups, StringComparison.Ordinal))); // the mount, once
        Assert.Equal(0, h.Vault.IssuedDatabaseCredentials);
        var warning = Assert.Single(await h.EventsAsync(), e => e.Type == "Warning");
        Assert.Equal("Forbidden", warning.Reason);
        Assert.Equal(first.Message, (await h.GetSecretAsync()).Metadata.Annotations[SyncAnnotations.Error]);
        Assert.Equal(2, h.Metrics.SyncFailuresTotal.WithLabels("forbidden").Value);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Id.Id == 4003 && r.Message.Contains("Syncer reads only KV mounts", StringComparison.Ordinal));
    }
}
