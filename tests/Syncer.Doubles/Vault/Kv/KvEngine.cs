using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>A KV mount: v1 (the passthrough backend) or v2 (the versioned backend), over one <see cref="KvMount"/> store.</summary>
internal sealed class KvEngine(int version) : ISecretsEngine
{
    public KvMount Store { get; } = new(version);

    public bool Exists(string rest, VaultToken token) =>
        Store.Version == 2 ? KvV2Engine.Exists(Store, rest) : Store.Flat.ContainsKey(rest.TrimEnd('/'));

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token) =>
        Store.Version == 2
            ? KvV2Engine.Handle(state, request, Store, rest)
            : KvV1Engine.Handle(request, Store, rest, mount.EffectiveDefaultTtl);

    /// <summary>
    /// A tune of options.version from 1 to 2: every v1 key becomes version 1 of a v2 secret (KVP:upgrade.go). Vault
    /// upgrades in the background and answers 400 "Upgrading from non-versioned to versioned data..." meanwhile; the
    /// double upgrades at once.
    /// </summary>
    public void Upgrade(DateTimeOffset now)
    {
        if (Store.Version == 2)
        {
            return;
        }

        Store.Version = 2;
        foreach (var (key, data) in Store.Flat)
        {
            KvV2Store.Write(Store, key, data, now);
        }

        Store.Flat.Clear();
    }
}
