using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>A request after the wire rules of reference §0: operation decided, body parsed, token and namespace read.</summary>
internal sealed class VaultRequest
{
    public required string Method { get; init; }

    public required VaultOperation Operation { get; init; }

    /// <summary>The path after /v1/, without the query, as received.</summary>
    public required string Path { get; init; }

    public required IQueryCollection Query { get; init; }

    public required JsonObject Body { get; init; }

    public string? Token { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The path an ACL checks: lists add a trailing slash, as Vault does.</summary>
    public string AclPath => Operation == VaultOperation.List && !Path.EndsWith('/') ? Path + "/" : Path;
}
