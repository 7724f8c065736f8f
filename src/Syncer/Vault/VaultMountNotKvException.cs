using System.Net;

namespace Syncer.Vault;

/// <summary>
/// A path on a mount whose type is not KV (database, aws, pki, transit, sys, cubbyhole, identity, ...), refused before
/// any read of it: reading such a path may mint a credential each time or expose Vault's own configuration. The
/// message names the path, the mount and its type; no data was read. Status 400 as for the client's other refusals of
/// a request it will not make (a version on a KV v1 mount).
/// </summary>
internal sealed class VaultMountNotKvException(string fullPath, string mountPath, string mountType)
    : VaultApiException(
        HttpStatusCode.BadRequest,
        $"'{fullPath}' is on the Vault mount '{mountPath}/' of type '{mountType}', not a KV secrets engine; Syncer reads only KV mounts.",
        [],
        [])
{
    public string MountPath { get; } = mountPath;

    public string MountType { get; } = mountType;
}
