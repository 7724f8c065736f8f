using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Rules;

namespace Syncer.Doubles.Kubernetes.Crds;

/// <summary>
/// CustomResourceDefinition strategy (apiextensions-apiserver): defaults (names.singular, names.listKind,
/// conversion None), the validation a user meets first (name = plural.group, names, scope, one storage version),
/// and the status the naming and establishing controllers write, set at once here (NamesAccepted, Established,
/// acceptedNames, storedVersions), so the new kinds are served from the next request. Schemas are stored, not enforced.
/// </summary>
internal static class CrdRules
{
    public static void Default(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["names"] is JsonObject names && (string?)names["kind"] is { Length: > 0 } kind)
        {
            names["singular"] ??= kind.ToLowerInvariant();
            names["listKind"] ??= kind + "List";
        }

        spec["conversion"] ??= new JsonObject { ["strategy"] = "None" };
    }

    /// <summary>The status of an accepted, established definition (computed from the spec on every main-resource write).</summary>
    public static void SetStatus(JsonObject crd, JsonObject? old, DateTimeOffset now)
    {
        var spec = crd["spec"];
        var storage = spec?["versions"]?.AsArray().FirstOrDefault(v => (bool?)v?["storage"] == true)?["name"]?.ToString();
        var stored = old?["status"]?["storedVersions"]?.AsArray().Select(v => (string)v!).ToList() ?? [];
        if (storage is not null && !stored.Contains(storage))
        {
            stored.Add(storage);
        }

        var time = ObjectMeta.FormatTime(now);
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", time),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", time)),
            ["acceptedNames"] = spec?["names"]?.DeepClone(),
            ["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode)v)]),
        };
    }

    public static IEnumerable<FieldError> Validate(JsonObject crd)
    {
        var spec = crd["spec"];
        var group = (string?)spec?["group"] ?? "";
        var plural = (string?)spec?["names"]?["plural"] ?? "";
        var name = (string?)crd["metadata"]?["name"] ?? "";
        if (group.Length == 0)
        {
            yield return FieldError.Required("spec.group");
        }

        if (plural.Length == 0)
        {
            yield return FieldError.Required("spec.names.plural");
        }

        if (((string?)spec?["names"]?["kind"] ?? "").Length == 0)
        {
            yield return FieldError.Required("spec.names.kind");
        }

        if (name != $"{plural}.{group}")
        {
            yield return FieldError.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group");
        }

        if ((string?)spec?["scope"] is not ("Namespaced" or "Cluster") and var scope)
        {
            yield return new FieldError("FieldValueNotSupported", "spec.scope", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"");
        }

        var versions = spec?["versions"]?.AsArray() ?? [];
        if (versions.Count(v => (bool?)v?["storage"] == true) != 1)
        {
            yield return FieldError.InvalidRaw("spec.versions", "[]", "must have exactly one version marked as storage version");
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
