using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Protobuf;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>Request bodies in (3 MiB cap, 413 above) and JSON responses out.</summary>
internal static class HttpJson
{
    public const int MaxBody = 3 * 1024 * 1024;

    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(request, ct));

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBody)
                {
                    throw KubeErrors.TooLarge(MaxBody);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            // Kestrel's own cap (a little above ours) refuses a Content-Length beyond it before any byte is read.
            throw KubeErrors.TooLarge(MaxBody);
        }

        return buffer.ToArray();
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
        // JSON, and protobuf for the kinds kubectl's typed generators send (`create secret generic`, …); not YAML.
        var mediaType = (request.ContentType ?? "application/json").Split(';')[0].Trim();
        if (mediaType == ProtobufBody.MediaType && !type.Custom)
        {
            return ProtobufBody.Read(await ReadBytesAsync(request, ct), type);
        }

        if (mediaType is not ("application/json" or "" or "*/*"))
        {
            throw KubeErrors.UnsupportedBody(type.Custom);
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
