using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Sys;

/// <summary>
/// The sys/ mount's authenticated paths: sys/mounts, sys/auth and sys/policies/acl, and below. (sys/health and sys/internal/ui/mounts are
/// unauthenticated and answered before the token check.) Any other sys path is one the double does not model and
/// answers as Vault answers a path the system backend does not have.
/// </summary>
internal sealed class SystemEngine : ISecretsEngine
{
    public static readonly SystemEngine Instance = new();

    private SystemEngine()
    {
    }

    public bool Exists(string rest, VaultToken token) => true;

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token) =>
        rest == "mounts" || rest.StartsWith("mounts/", StringComparison.Ordinal) ? MountsHandler.Handle(state, request, rest)
        : rest == "auth" || rest.StartsWith("auth/", StringComparison.Ordinal) ? AuthMountsHandler.Handle(state, request, rest)
        : rest == PoliciesHandler.Prefix || rest.StartsWith(PoliciesHandler.Prefix + "/", StringComparison.Ordinal) ? PoliciesHandler.Handle(state, request, rest)
        : BackendErrors.UnsupportedPath();
}
