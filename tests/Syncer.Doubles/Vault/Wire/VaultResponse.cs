using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>One answer of the double: a status, an optional JSON or raw body, extra headers.</summary>
internal sealed class VaultResponse
{
    public int Status { get; private init; }

    public JsonNode? Json { get; private init; }

    public string? RawBody { get; private init; }

    public string? ContentType { get; private init; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static VaultResponse NoContent() => new() { Status = StatusCodes.Status204NoContent };

    /// <summary>{"errors":[...]} (V:sdk/logical/response_util.go RespondError); the list may be empty.</summary>
    public static VaultResponse Errors(int status, params string[] errors) =>
        new() { Status = status, Json = new JsonObject { ["errors"] = VaultJson.Array(errors) } };

    public static VaultResponse RawJson(int status, JsonNode body) => new() { Status = status, Json = body };

    public static VaultResponse Raw(int status, string body, string? contentType) =>
        new() { Status = status, RawBody = body, ContentType = contentType };

    /// <summary>The success envelope of V:sdk/logical/translate_response.go, field order as Go marshals the struct.</summary>
    public static VaultResponse Envelope(
        JsonNode? data,
        string mountType,
        int status = StatusCodes.Status200OK,
        IReadOnlyList<string>? warnings = null,
        JsonObject? auth = null,
        long leaseDuration = 0,
        bool renewable = false,
        string leaseId = "") =>
        new()
        {
            Status = status,
            Json = new JsonObject
            {
                ["request_id"] = Guid.NewGuid().ToString(),
                ["lease_id"] = leaseId,
                ["renewable"] = renewable,
                ["lease_duration"] = leaseDuration,
                ["data"] = data,
                ["wrap_info"] = null,
                ["warnings"] = warnings is { Count: > 0 } ? VaultJson.Array(warnings) : null,
                ["auth"] = auth,
                ["mount_type"] = mountType,
            },
        };

    /// <summary>
    /// The envelope of the legacy sys routes (sys/mounts and below): V:sdk/logical/translate_response.go
    /// HTTPSysInjector writes every key of <c>data</c> at the top level too, before the envelope's own fields.
    /// Go writes them in map order (random); the double writes them sorted.
    /// </summary>
    public static VaultResponse InjectedEnvelope(JsonObject data, string mountType)
    {
        var envelope = (JsonObject)Envelope(data, mountType).Json!;
        var body = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        foreach (var (key, value) in envelope.ToList())
        {
            envelope.Remove(key);
            body[key] = value;
        }

        return RawJson(StatusCodes.Status200OK, body);
    }

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.Headers.CacheControl = "no-store"; // every Vault API response carries it (V:http/handler.go)
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (RawBody is not null)
        {
            response.ContentType = ContentType;
            await response.WriteAsync(RawBody, Encoding.UTF8, context.RequestAborted);
        }
        else if (Json is not null)
        {
            // Go's json.Encoder ends the document with a newline; keep it so raw comparisons match.
            response.ContentType = "application/json";
            await response.WriteAsync(VaultJson.Serialize(Json) + "\n", Encoding.UTF8, context.RequestAborted);
        }
        else
        {
            response.ContentType = "application/json"; // respondOk sets it on a 204 too (V:http/handler.go)
        }
    }
}
