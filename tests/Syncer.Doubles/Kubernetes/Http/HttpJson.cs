using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>Request bodies in (3 MiB cap, 413 above) and JSON responses out.</summary>
internal static class HttpJson
{
    public const int MaxBody = 3 * 1024 * 1024;

    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBody)
            {
                throw KubeErrors.TooLarge(MaxBody);
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static JsonNode? Parse(string text, ResourceType? type)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            var what = type is null ? "the request body" : $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}";
            throw KubeErrors.BadRequest($"{what}: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, ResourceType type, CancellationToken ct)
    {
        // Only JSON is decoded: protobuf (kubectl's typed generators such as `create secret generic`) and YAML are not.
        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim();
        if (mediaType is not ("application/json" or "" or "*/*"))
        {
            throw KubeErrors.UnsupportedBody();
        }

        return Parse(await ReadTextAsync(request, ct), type) as JsonObject
            ?? throw KubeErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: the body is not a JSON object");
    }

    public static async Task WriteAsync(HttpResponse response, int code, JsonNode body, CancellationToken ct)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(KubeJson.Options), ct);
    }
}
