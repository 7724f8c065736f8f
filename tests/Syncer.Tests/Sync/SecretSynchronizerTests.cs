using System.Text;
using Syncer.Spec;
using Syncer.Sync;
using Syncer.Tests.Sync.Support;
using static Syncer.Tests.Sync.Support.SyncHarness;

namespace Syncer.Tests.Sync;

/// <summary>SecretSynchronizer with the real KubernetesClient and Vault client against the doubles.</summary>
public sealed class SecretSynchronizerTests
{
    private static Dictionary<string, string> PathOnly(string path = "secret/shop/db") => new() { [SyncAnnotations.Path] = path };

    [Fact(Timeout = 30_000)]
    public async Task Sync_FirstTime_FillsDataAndStatusAndRecordsSynced()
    {
        await using var h = await StartAsync(TestContext.Current.CancellationToken);
        h.Vault.WriteSecret("secret", "shop/db", new Dictionary<string, object?> { ["user"] = "app", ["pw"] = "s3cret-value", ["port"] = 5432 });
        await h.CreateSecretAsync("db", PathOnly());

        var result = await h.SyncAsync();

        Assert.Equal(SyncOutcome.Changed, result.Outcome);
        var secret = await h.GetSecretAsync();
        Assert.Equal("app", Text(secret, "user"));
        Assert.Equal("s3cret-value", Text(secret, "pw"));
        Assert.Equal("5432", Text(secret, "port"));
        var annotations = secret.Metadata.Annotations;
        Assert.Equal("port,pw,user", annotations[SyncAnnotations.ManagedKeys]);
        Assert.Equal("secret/shop/db@1", annotations[SyncAnnotations.SourceVersion]);
        Assert.StartsWith("hmac-sha256:", annotations[SyncAnnotations.DataHash], StringComparison.Ordinal);
        Assert.Equal("2026-05-01T08:00:00Z", annotations[SyncAnnotations.SyncedAt]);
        Assert.False(annotations.ContainsKey(SyncAnnotations.Error));
        var synced = Assert.Single(await h.EventsAsync());
        Assert.Equal(("Normal", "Synced", "Secret", "db"), (synced.Type, synced.Reason, synced.InvolvedObject.Kind, synced.InvolvedObject.Name));
        Assert.Equal(1, h.Metrics.SyncsTotal.WithLabels("changed").Value);
        Assert.DoesNotContain("s3cret-value", h.AllLogText, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", synced.Message, StringComparison.Ordinal);
    }
}
