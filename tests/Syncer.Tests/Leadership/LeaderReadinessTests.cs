using System.Net;
using Syncer.Doubles.Vault;
using Syncer.Tests.Vault.Support;

namespace Syncer.Tests.Leadership;

/// <summary>/readyz of two replicas: a failing Vault login makes the leader unready, never the standby.</summary>
public sealed class LeaderReadinessTests
{
    [Fact(Timeout = 90_000)]
    public async Task Readyz_OnTheLeader_WhileItsVaultLoginFails_IsUnavailable_TheStandbyStaysReady_AndTheRotatedTokenHeals()
    {
        var ct = TestContext.Current.CancellationToken;
        using var files = new TempFiles();
        var jwtFile = files.Write("token", "jwt-before-rotation");
        await using var set = await Replicas.CreateAsync(ct);
        set.Vault.PutPolicy("reader", new PolicyRule("secret/*", "read", "list"));
        set.Vault.AddKubernetesRole("syncer", "jwt-after-rotation", new TokenSpec(["reader"], TimeSpan.FromHours(1), TimeSpan.Zero, Renewable: true));
        var settings = Replicas.Timings(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250));
        settings["Vault:Auth:Method"] = "kubernetes";
        settings["Vault:Auth:Role"] = "syncer";
        settings["Vault:Auth:JwtFile"] = jwtFile;
        settings["Vault:KvVersions:secret"] = "2";
        var (leader, standby) = await set.StartLeaderAndStandbyAsync(settings, ct);

        set.WriteVault("db", "v1");
        await set.CreateSecretAsync("db", "1s", ct);
        await Eventually.HoldsAsync(async () => (await leader.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.ServiceUnavailable, "the leader is not ready", ct);

        Assert.Equal(HttpStatusCode.OK, (await standby.GetAsync("/readyz", ct)).StatusCode);
        Assert.Null(await set.ValueAsync("db", ct));
        files.Write("token", "jwt-after-rotation"); // the kubelet rotated the projected token: the next login reads it
        await set.HoldsValueAsync("db", "v1", "the Secret is filled after a login with the rotated token", ct);
        await Eventually.HoldsAsync(async () => (await leader.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK, "the leader is ready again", ct);
        Assert.True(leader.Metrics.VaultLoginsTotal.WithLabels("kubernetes", "failure").Value >= 1);
        Assert.Equal(1, leader.Metrics.VaultLoginsTotal.WithLabels("kubernetes", "success").Value);
        Assert.Equal(0, standby.Metrics.VaultLoginsTotal.WithLabels("kubernetes", "failure").Value); // a standby never logs in
    }
}
