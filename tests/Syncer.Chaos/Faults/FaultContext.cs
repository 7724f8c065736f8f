using Syncer.Chaos.World;
using Syncer.Doubles;
using Syncer.Doubles.Kubernetes;
using Syncer.Doubles.Vault;

namespace Syncer.Chaos.Faults;

/// <summary>What a fault acts on: both doubles, the gate in front of Vault, the run's Vault history and world.</summary>
public sealed class FaultContext(KubeApiDouble api, VaultDouble vault, LoopbackGate vaultGate, VaultHistory history, WorldPlan plan, string tokenFile)
{
    public KubeApiDouble Api { get; } = api;

    public VaultDouble Vault { get; } = vault;

    public LoopbackGate VaultGate { get; } = vaultGate;

    public VaultHistory History { get; } = history;

    public WorldPlan Plan { get; } = plan;

    /// <summary>Mounts gone for now (the mount-disabled fault): the driver writes no path on them.</summary>
    public HashSet<string> DisabledMounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes a new Vault token for Syncer's token file (as Vault Agent would); returns it.</summary>
    public string IssueToken(TimeSpan ttl, bool renewable)
    {
        var token = Vault.CreateToken(new TokenSpec(["syncer"], ttl, ttl * 2, renewable));
        File.WriteAllText(TokenFile, token);
        return token;
    }

    public string CurrentToken => File.ReadAllText(TokenFile);

    /// <summary>The file Syncer's token method reads at each login.</summary>
    public string TokenFile { get; } = tokenFile;

    /// <summary>Deletes a path and all its versions (<c>vault kv metadata delete</c>).</summary>
    public void DeletePath(string path)
    {
        var (mount, rest) = VaultHistory.Split(path);
        using var http = new HttpClient { BaseAddress = Vault.Address };
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/{mount}/metadata/{rest}");
        request.Headers.Add("X-Vault-Token", Vault.RootToken);
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
    }
}
