using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Vault.Auth;
using Syncer.Doubles.Vault.Mounts;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Engines;

/// <summary>
/// database/ (V:builtin/logical/database): a plain GET of creds/&lt;role&gt; mints a new credential with a lease on
/// every read, as the real engine does (path_creds_create.go), and an unknown role is 400 "unknown role: x". Roles
/// come from <see cref="VaultDouble.AddDatabaseRole"/>; connections, role writes and static roles are not modelled.
/// </summary>
internal sealed class DatabaseEngine : ISecretsEngine
{
    private readonly SortedDictionary<string, (string DbName, TimeSpan DefaultTtl)> _roles = new(StringComparer.Ordinal);

    public void AddRole(string name, string dbName, TimeSpan defaultTtl) => _roles[name] = (dbName, defaultTtl);

    public bool Exists(string rest, VaultToken token) => true;

    public VaultResponse Handle(VaultState state, VaultRequest request, MountEntry mount, string rest, VaultToken token)
    {
        var (head, name) = EnginePaths.Split(rest);
        var read = request.Operation == VaultOperation.Read;
        var list = request.Operation == VaultOperation.List;
        switch (head)
        {
            case "creds" when EnginePaths.IsGenericName(name):
                return !read ? BackendErrors.UnsupportedOperation()
                    : _roles.ContainsKey(name) ? Mint(state, mount, name, token)
                    : UnknownRole(name);
            case "static-creds" when EnginePaths.IsGenericName(name):
                return read ? UnknownRole(name) : BackendErrors.UnsupportedOperation();
            case "roles" when name.Length == 0:
                return !list ? BackendErrors.UnsupportedOperation()
                    : _roles.Count == 0 ? VaultResponse.Errors(StatusCodes.Status404NotFound)
                    : VaultResponse.Envelope(new JsonObject { ["keys"] = VaultJson.Array(_roles.Keys) }, "database");
            case "roles" when EnginePaths.IsGenericName(name):
                return !read ? BackendErrors.UnsupportedOperation()
                    : _roles.TryGetValue(name, out var role) ? VaultResponse.Envelope(RoleData(role.DbName, role.DefaultTtl), "database")
                    : VaultResponse.Errors(StatusCodes.Status404NotFound);
            case "config" when name.Length == 0:
                return list ? VaultResponse.Errors(StatusCodes.Status404NotFound) : BackendErrors.UnsupportedOperation();
            case "config" when EnginePaths.IsGenericName(name):
                return read ? VaultResponse.Errors(StatusCodes.Status404NotFound) : BackendErrors.UnsupportedOperation();
            default:
                return BackendErrors.UnsupportedPath();
        }
    }

    private static VaultResponse UnknownRole(string name) =>
        VaultResponse.Errors(StatusCodes.Status400BadRequest, $"unknown role: {name}");

    /// <summary>
    /// A fresh username and password with a renewable lease "&lt;mount&gt;/creds/&lt;role&gt;/&lt;id&gt;"; the TTL is the
    /// role's, else the mount's default, capped at the mount's max. The username follows the SQL plugins' default
    /// template: v-&lt;display name, 8&gt;-&lt;role, 8&gt;-&lt;20 random&gt;-&lt;unix time&gt;, at most 63 characters.
    /// </summary>
    private VaultResponse Mint(VaultState state, MountEntry mount, string name, VaultToken token)
    {
        var ttl = _roles[name].DefaultTtl > TimeSpan.Zero ? _roles[name].DefaultTtl : mount.EffectiveDefaultTtl;
        ttl = ttl > mount.EffectiveMaxTtl ? mount.EffectiveMaxTtl : ttl;
        var username = $"v-{Cut(token.DisplayName, 8)}-{Cut(name, 8)}-{TokenStore.Random(20)}-{state.Now.ToUnixTimeSeconds()}";
        state.IssuedDatabaseCredentials++;
        return VaultResponse.Envelope(
            VaultJson.SortedObject(("password", TokenStore.Random(20)), ("username", Cut(username, 63))),
            "database",
            leaseDuration: MountTtl.Seconds(ttl),
            renewable: true,
            leaseId: $"{mount.Path}/creds/{name}/{TokenStore.Random(24)}");
    }

    /// <summary>path_roles.go pathRoleRead for a dynamic role without statements.</summary>
    private static JsonObject RoleData(string dbName, TimeSpan defaultTtl) => VaultJson.SortedObject(
        ("creation_statements", new JsonArray()),
        ("credential_type", "password"),
        ("db_name", dbName),
        ("default_ttl", MountTtl.Seconds(defaultTtl)),
        ("max_ttl", 0),
        ("renew_statements", new JsonArray()),
        ("revocation_statements", new JsonArray()),
        ("rollback_statements", new JsonArray()));

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
