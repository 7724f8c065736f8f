using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Patching;

/// <summary>
/// RFC 6902 JSON Patch as the API server applies it (evanphx/json-patch v4): operations in order, all or nothing; a
/// failure is 422 with the generic "rejected our request" message and the patch library's text as the cause.
/// add/remove/replace/move/copy go through Microsoft.AspNetCore.JsonPatch.SystemTextJson (its JsonObject adapter);
/// <c>test</c> is evaluated here, because evanphx's differs from the RFC in one way clients rely on: a test against
/// null passes when the member is absent (or null), which lets a patch say "only if this field is not set".
/// </summary>
internal static class JsonPatchApplier
{
    // Explicit resolver: hosts that turn reflection-based serialization off by default still work.
    private static readonly JsonSerializerOptions Options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static JsonObject Apply(JsonObject target, string patchText)
    {
        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(patchText) as JsonArray ?? throw new JsonException("a JSON Patch is an array of operations");
        }
        catch (JsonException e)
        {
            throw KubeErrors.BadRequest($"error decoding patch: {e.Message}");
        }

        var result = (JsonObject)target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is JsonObject { } op && op["op"]?.GetValue<string>() == "test")
            {
                Test(result, op);
                continue;
            }

            ApplyOne(result, operation);
        }

        return result;
    }

    private static void ApplyOne(JsonObject result, JsonNode? operation)
    {
        JsonPatchDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<JsonPatchDocument>(new JsonArray(operation?.DeepClone()).ToJsonString(), Options);
        }
        catch (JsonException e)
        {
            throw KubeErrors.BadRequest($"error decoding patch: {e.Message}");
        }

        try
        {
            document!.ApplyTo(result);
        }
        catch (JsonPatchException e)
        {
            throw KubeErrors.PatchRejected(e.Message);
        }
    }

    private static void Test(JsonObject document, JsonObject op)
    {
        var path = op["path"]?.GetValue<string>() ?? "";
        var expected = op["value"];
        if (!TryResolve(document, path, out var actual))
        {
            throw KubeErrors.PatchRejected($"test operation does not apply: is missing path: {path}: missing value");
        }

        var passes = actual is null ? expected is null : expected is not null && JsonNode.DeepEquals(actual, expected);
        if (!passes)
        {
            throw KubeErrors.PatchRejected($"testing value {path} failed: test failed");
        }
    }

    /// <summary>The value at a JSON Pointer; false only when its parent is missing (an absent member resolves to null).</summary>
    private static bool TryResolve(JsonNode document, string pointer, out JsonNode? value)
    {
        value = document;
        if (pointer.Length == 0)
        {
            return true;
        }

        var tokens = pointer.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode? current = document;
        for (var i = 0; i < tokens.Length; i++)
        {
            var last = i == tokens.Length - 1;
            switch (current)
            {
                case JsonObject obj:
                    current = obj.TryGetPropertyValue(tokens[i], out var child) ? child : null;
                    if (current is null && !last)
                    {
                        return false;
                    }

                    break;
                case JsonArray array when int.TryParse(tokens[i], out var index) && index >= 0 && index < array.Count:
                    current = array[index];
                    break;
                default:
                    return false;
            }
        }

        value = current;
        return true;
    }
}
