using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Patching;

/// <summary>
/// RFC 7386 JSON Merge Patch. Hand-written: it is a dozen lines over JsonNode and no available package applies
/// it to System.Text.Json nodes.
/// </summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
