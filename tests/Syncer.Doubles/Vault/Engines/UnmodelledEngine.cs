using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Engines;

/// <summary>
/// A mounted engine whose paths the double does not model (identity, aws, ssh, ...): every request answers as Vault
/// answers a path its engine does not have, 404 "unsupported path". The mount is still listed and typed truthfully.
/// </summary>
internal sealed class UnmodelledEngine : ISecretsEngine
{
    public static readonly UnmodelledEngine Instance = new();

    private UnmodelledEngine()
    {
    }

    public bool Exists(string rest, VaultToken token) => true;

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token) =>
        BackendErrors.UnsupportedPath();
}
