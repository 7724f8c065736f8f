using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Patching;

/// <summary>
/// Strategic merge patch for the built-in types the double serves. Hand-written: the real one lives in Go
/// (apimachinery strategicpatch) and reads patchMergeKey/patchStrategy tags from the Go structs; here those tags
/// are a table by field name (<see cref="MergeKeys"/>). Maps merge as in a merge patch, null deletes; lists with
/// a merge key merge element by element; <see cref="PrimitiveMergeLists"/> union; every other list is replaced.
/// Directives: <c>$patch: delete|replace|merge</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/…</c>;
/// <c>$setElementOrder/…</c> is accepted and ignored (order is the original's, new elements appended).
/// </summary>
internal static class StrategicMergePatch
{
    /// <summary>patchMergeKey by list field name [k8s.io/api core/v1 and apps/v1 types.go].</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
        ["topologySpreadConstraints"] = "topologyKey",
        ["secrets"] = "name",
        ["resourceClaims"] = "name",
    };

    /// <summary>Lists of scalars with patchStrategy "merge".</summary>
    private static readonly HashSet<string> PrimitiveMergeLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(JsonObject target, JsonObject patch) => MergeObject(target, patch);

    private static JsonObject MergeObject(JsonObject target, JsonObject patch)
    {
        if ((string?)patch["$patch"] == "replace")
        {
            var replaced = (JsonObject)patch.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = (JsonObject)target.DeepClone();
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var key in result.Select(kv => kv.Key).Where(k => !keep.Contains(k) && !patch.ContainsKey(k)).ToList())
            {
                result.Remove(key);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    result[field] = new JsonArray([.. list.Where(i => !remove.Any(r => JsonNode.DeepEquals(r, i))).Select(i => i?.DeepClone())]);
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject child && (string?)child["$patch"] == "delete")
            {
                result.Remove(key);
            }
            else if (value is JsonObject childPatch)
            {
                result[key] = result[key] is JsonObject existing ? MergeObject(existing, childPatch) : MergeObject([], childPatch);
            }
            else if (value is JsonArray array)
            {
                result[key] = MergeList(key, result[key] as JsonArray, array);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray? target, JsonArray patch)
    {
        if (patch.Any(i => i is JsonObject o && (string?)o["$patch"] == "replace"))
        {
            return new JsonArray([.. patch.Where(i => !(i is JsonObject o && o.ContainsKey("$patch"))).Select(i => i?.DeepClone())]);
        }

        if (PrimitiveMergeLists.Contains(field))
        {
            var union = new JsonArray([.. (target ?? []).Select(i => i?.DeepClone())]);
            foreach (var item in patch.Where(p => !union.Any(u => JsonNode.DeepEquals(u, p))))
            {
                union.Add(item?.DeepClone());
            }

            return union;
        }

        if (!MergeKeys.TryGetValue(field, out var mergeKey))
        {
            return (JsonArray)patch.DeepClone();
        }

        var result = new List<JsonNode?>((target ?? []).Select(i => i?.DeepClone()));
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey];
            var index = result.FindIndex(e => e is JsonObject o && JsonNode.DeepEquals(o[mergeKey], key));
            if ((string?)item["$patch"] == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                result[index] = MergeObject((JsonObject)result[index]!, item);
            }
            else
            {
                result.Add(MergeObject([], item));
            }
        }

        return new JsonArray([.. result]);
    }
}
