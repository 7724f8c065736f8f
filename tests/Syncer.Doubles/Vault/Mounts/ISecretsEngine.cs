using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Mounts;

/// <summary>What answers the requests under one mount (the logical backend of a mount table entry). Runs under the state lock.</summary>
internal interface ISecretsEngine
{
    /// <summary>
    /// Whether a write to <paramref name="rest"/> (the path after the mount) updates something that exists: ACL
    /// "update" when true, "create" when false. Engines whose paths have no existence check answer true, as Vault
    /// then treats every write as an update (V:vault/request_handling.go CheckToken).
    /// </summary>
    bool Exists(string rest, VaultToken token);

    VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token);
}
