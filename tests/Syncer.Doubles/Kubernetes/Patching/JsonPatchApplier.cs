using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Patching;

/// <summary>RFC 6902 JSON Patch through Microsoft.AspNetCore.JsonPatch.SystemTextJson (its JsonObject adapter).</summary>
internal static class JsonPatchApplier
{
    // Explicit resolver: hosts that turn reflection-based serialization off by default still work.
    private static readonly JsonSerializerOptions Options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static JsonObject Apply(JsonObject target, string patchText)
    {
        JsonPatchDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<JsonPatchDocument>(patchText, Options);
        }
        catch (JsonException e)
        {
            throw KubeErrors.BadRequest($"error decoding patch: {e.Message}");
        }

        if (document is null)
        {
            throw KubeErrors.BadRequest("error decoding patch: empty patch");
        }

        var result = (JsonObject)target.DeepClone();
        try
        {
            document.ApplyTo(result);
        }
        catch (JsonPatchException e)
        {
            throw KubeErrors.PatchRejected($"the server rejected our request due to an error in our request: {e.Message}");
        }

        return result;
    }
}
