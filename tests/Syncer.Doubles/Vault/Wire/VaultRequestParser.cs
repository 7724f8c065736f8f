using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>Turns an HTTP request into a <see cref="VaultRequest"/> or the error Vault answers (reference §0).</summary>
internal static class VaultRequestParser
{
    public static async Task<(VaultRequest? Request, VaultResponse? Error)> ParseAsync(HttpContext context, string path)
    {
        var http = context.Request;
        VaultOperation operation;
        switch (http.Method.ToUpperInvariant())
        {
            case "GET":
                operation = VaultOperation.Read;
                var list = http.Query["list"].ToString();
                if (list.Length > 0)
                {
                    if (!GoBool.TryParse(list, out var isList))
                    {
                        return (null, VaultResponse.Errors(StatusCodes.Status400BadRequest));
                    }

                    operation = isList ? VaultOperation.List : VaultOperation.Read;
                }

                break;
            case "LIST":
                operation = VaultOperation.List;
                break;
            case "POST" or "PUT":
                operation = VaultOperation.Write;
                break;
            case "DELETE":
                operation = VaultOperation.Delete;
                break;
            case "HEAD":
                operation = VaultOperation.Head;
                break;
            case "PATCH":
                if (!string.Equals(http.ContentType?.Split(';')[0].Trim(), "application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, VaultResponse.Errors(StatusCodes.Status415UnsupportedMediaType,
                        $"PATCH requires Content-Type application/merge-patch+json, got {GoQuote.Quote(http.ContentType ?? "")}"));
                }

                operation = VaultOperation.Patch;
                break;
            default:
                return (null, VaultResponse.Errors(StatusCodes.Status405MethodNotAllowed));
        }

        var body = new JsonObject();
        if (operation is VaultOperation.Write or VaultOperation.Patch)
        {
            using var reader = new StreamReader(http.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    body = JsonNode.Parse(text) as JsonObject
                        ?? throw new JsonException("the body is not a JSON object");
                }
                catch (JsonException e)
                {
                    return (null, VaultResponse.Errors(StatusCodes.Status400BadRequest, "failed to parse JSON input: " + e.Message));
                }
            }
        }

        return (new VaultRequest
        {
            Method = http.Method,
            Operation = operation,
            Path = path,
            Query = http.Query,
            Body = body,
            Token = ReadToken(http),
            Namespace = http.Headers["X-Vault-Namespace"].FirstOrDefault(),
        }, null);
    }

    /// <summary>X-Vault-Token first, then Authorization: Bearer (DOCS index.mdx "Authentication").</summary>
    private static string? ReadToken(HttpRequest http)
    {
        var token = http.Headers["X-Vault-Token"].FirstOrDefault();
        if (!string.IsNullOrEmpty(token))
        {
            return token;
        }

        var auth = http.Headers.Authorization.FirstOrDefault();
        return auth is not null && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
    }
}
