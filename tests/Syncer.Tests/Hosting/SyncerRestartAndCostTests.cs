using Syncer.Spec;

namespace Syncer.Tests.Hosting;

/// <summary>
/// The real host against both doubles: what a restart syncs (decided from the objects, PRODUCT.md section 2) and what
/// a steady wave and a rotation cost in Kubernetes requests (PRODUCT.md section 7).
/// </summary>
public sealed class SyncerRestartAndCostTests : IAsyncLifetime
{
    private RealSyncer _syncer = null!;

    public async ValueTask InitializeAsync() => _syncer = await RealSyncer.CreateAsync([], TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _syncer.DisposeAsync();

    private static Dictionary<string, string> PathHourly(string path) =>
        new() { [SyncAnnotations.Path] = path, [SyncAnnotations.Refresh] = "1h" };

    private async Task WriteAsync(string path, string value) =>
        await Task.Run(() => _syncer.Vault.WriteSecret("secret", path, new Dictionary<string, object?> { ["pw"] = value }));

    [Fact(Timeout = 60_000)]
    public async Task ChangesMadeWhileSyncerWasStopped_SyncWithinSecondsOfStart_AndAnUnchangedSecretDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await WriteAsync("shop/moved-from", "old");
        await WriteAsync("shop/moved-to", "moved");
        await WriteAsync("shop/forced", "f1");
        await WriteAsync("shop/quiet", "q1");
        await _syncer.StartAsync(ct);
        await _syncer.CreateSecretAsync("shop", "moved", PathHourly("secret/shop/moved-from"), ct);
        await _syncer.CreateSecretAsync("shop", "forced", PathHourly("secret/shop/forced"), ct);
        await _syncer.CreateSecretAsync("shop", "quiet", PathHourly("secret/shop/quiet"), ct);
        await Eventually.HoldsAsync(
            async () => await _syncer.AnnotationAsync("shop", "quiet", SyncAnnotations.SyncedInputs, ct) is not null
                && await _syncer.ValueAsync("shop", "moved", "pw", ct) == "old" && await _syncer.ValueAsync("shop", "forced", "pw", ct) == "f1",
            "the first fill", ct);
        await _syncer.StopAsync();

        // While Syncer is down: a path change, a Vault rotation with a force-sync, and a rotation nobody asked for yet.
        await _syncer.PatchAnnotationAsync("shop", "moved", SyncAnnotations.Path, "secret/shop/moved-to", ct);
        await WriteAsync("shop/forced", "f2");
        await _syncer.PatchAnnotationAsync("shop", "forced", SyncAnnotations.ForceSync, "2026-12-01T10:00:00Z", ct);
        await WriteAsync("shop/quiet", "q2");
        _syncer.Vault.Requests.Reset();
        await _syncer.StartAsync(ct);

        await Eventually.HoldsAsync(async () => await _syncer.ValueAsync("shop", "moved", "pw", ct) == "moved", "the path change is synced", ct);
        await Eventually.HoldsAsync(async () => await _syncer.ValueAsync("shop", "forced", "pw", ct) == "f2", "the force-sync is synced", ct);
        Assert.Equal("q1", await _syncer.ValueAsync("shop", "quiet", "pw", ct)); // waits for its spread schedule
        Assert.Equal(0, _syncer.Vault.Requests.Count("GET", "secret/data/shop/quiet"));
    }

    [Fact(Timeout = 60_000)]
    public async Task AfterTheFirstPass_SteadyWavesGetNoSecret_AndARotationCostsOnePatchAndOneEventPerSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        var names = Enumerable.Range(0, 5).Select(i => $"app-{i}").ToList();
        foreach (var name in names)
        {
            await WriteAsync($"shop/{name}", "v1");
        }

        await _syncer.StartAsync(ct);
        foreach (var name in names)
        {
            await _syncer.CreateSecretAsync("shop", name, new() { [SyncAnnotations.Path] = $"secret/shop/{name}", [SyncAnnotations.Refresh] = "1s" }, ct);
        }

        await Eventually.HoldsAsync(async () => await _syncer.CountFilledAsync("pw", "v1", ct) == names.Count, "the first fill", ct);
        await Eventually.HoldsAsync(() => _syncer.Api.Requests.Count("create", "events") >= names.Count, "the Synced events are written", ct);
        _syncer.Api.Requests.Reset();
        _syncer.Vault.Requests.Reset();

        // Steady waves: Vault is read every second for each Secret, and Kubernetes hears nothing but the watch (and
        // leader election's heartbeat on the Lease).
        await Eventually.HoldsAsync(() => names.All(n => _syncer.Vault.Requests.Count("GET", $"secret/data/shop/{n}") >= 3), "three more waves", ct);
        var afterWaves = _syncer.Api.Requests.Snapshot();
        Assert.True(_syncer.Api.Requests.CountWhere((verb, resource) => verb != "watch" && resource != "leases") == 0, "steady waves asked Kubernetes: " + string.Join(", ", afterWaves));

        // A rotation of every path.
        foreach (var name in names)
        {
            await WriteAsync($"shop/{name}", "v2");
        }

        await Eventually.HoldsAsync(async () => await _syncer.CountFilledAsync("pw", "v2", ct) == names.Count, "the rotation is synced", ct);
        await Eventually.HoldsAsync(() => _syncer.Api.Requests.Count("create", "events") >= names.Count, "the Synced events are written", ct);
        Assert.Equal(names.Count, _syncer.Api.Requests.Count("patch", "secrets"));
        Assert.Equal(names.Count, _syncer.Api.Requests.Count("create", "events"));
        Assert.Equal(0, _syncer.Api.Requests.Count("get", "secrets")); // the test itself reads by list
    }
}
