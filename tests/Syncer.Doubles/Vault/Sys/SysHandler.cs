using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Sys;

/// <summary>sys/health (V:http/sys_health.go) and sys/internal/ui/mounts/&lt;path&gt; (V:vault/logical_system.go pathInternalUIMountRead).</summary>
internal static class SysHandler
{
    public const string Version = "1.17.0";

    private static readonly string ClusterId = Guid.NewGuid().ToString();

    /// <summary>Unauthenticated and served while sealed; honours ?sealedcode= and ?activecode=.</summary>
    public static VaultResponse Health(VaultState state, VaultRequest request)
    {
        var status = state.Sealed ? Code(request, "sealedcode", 503) : Code(request, "activecode", 200);
        var body = new JsonObject
        {
            ["initialized"] = true,
            ["sealed"] = state.Sealed,
            ["standby"] = state.Sealed,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = state.Sealed ? "unknown" : "disabled",
            ["replication_dr_mode"] = state.Sealed ? "unknown" : "disabled",
            ["server_time_utc"] = state.Now.ToUnixTimeSeconds(),
            ["version"] = Version,
            ["enterprise"] = false,
        };
        if (!state.Sealed)
        {
            body["cluster_name"] = "vault-cluster-double";
            body["cluster_id"] = ClusterId;
            body["echo_duration_ms"] = 0;
            body["clock_skew_ms"] = 0;
        }

        return request.Operation == VaultOperation.Head
            ? VaultResponse.Raw(status, "", "application/json")
            : VaultResponse.RawJson(status, body);
    }

    /// <summary>
    /// The mount entry for a path. No mount and no capability under it give the same 403 on purpose; the token is
    /// optional (the endpoint is unauthenticated in Vault and then uses the token only for this check).
    /// </summary>
    public static VaultResponse MountOf(VaultState state, VaultRequest request, VaultToken? token)
    {
        const string Prefix = "sys/internal/ui/mounts";
        var path = request.Path.Length > Prefix.Length ? request.Path[(Prefix.Length + 1)..].Trim('/') : "";
        if (request.Operation != VaultOperation.Read)
        {
            return BackendErrors.UnsupportedOperation();
        }

        if (path.Length == 0)
        {
            return VaultResponse.Errors(StatusCodes.Status400BadRequest, "path not set");
        }

        var found = state.Mounts.Find(path);
        if (found is not { } hit || token is null || !state.Policies.HasAnyAccessUnder(token.Policies, hit.Mount.Path + "/"))
        {
            return VaultResponse.Errors(StatusCodes.Status403Forbidden,
                $"preflight capability check returned 403, please ensure client's policies grant access to path {GoQuote.Quote(path + "/")}");
        }

        // pathInternalUIMountRead: mountInfo plus the path, for every mount type (sys/, database/, ... too).
        return VaultResponse.Envelope(MountJson.Info(hit.Mount, withPath: true), "system");
    }

    private static int Code(VaultRequest request, string name, int fallback) =>
        int.TryParse(request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : fallback;
}
