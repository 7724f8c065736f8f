using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>System metadata as the API server fills it: uid, creationTimestamp, generation, generateName.</summary>
internal static partial class ObjectMeta
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>metav1.Time: RFC 3339 with whole seconds.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string GenerateName(string prefix, Func<string, bool> taken)
    {
        while (true)
        {
            var name = prefix + new string([.. Enumerable.Range(0, 5).Select(_ => NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)])]);
            if (!taken(name))
            {
                return name;
            }
        }
    }

    public static void StampCreate(ResourceType type, JsonObject obj, DateTimeOffset now)
    {
        var meta = (JsonObject)obj["metadata"]!;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = FormatTime(now);
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        if (type.Generation == GenerationRule.None)
        {
            meta.Remove("generation");
        }
        else
        {
            meta["generation"] = 1L;
        }
    }

    /// <summary>
    /// Carries uid/creationTimestamp/deletion marks over and applies the strategy's generation rule (not for a
    /// status write: only the main resource's strategy bumps it).
    /// </summary>
    public static void StampUpdate(ResourceType type, JsonObject current, JsonObject next, bool statusWrite = false)
    {
        var oldMeta = (JsonObject)current["metadata"]!;
        var meta = (JsonObject)next["metadata"]!;
        meta["uid"] = oldMeta["uid"]?.DeepClone();
        meta["creationTimestamp"] = oldMeta["creationTimestamp"]?.DeepClone();
        meta["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        foreach (var field in new[] { "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            if (oldMeta[field] is { } kept)
            {
                meta[field] = kept.DeepClone();
            }
            else
            {
                meta.Remove(field);
            }
        }

        if (type.Generation == GenerationRule.None)
        {
            meta.Remove("generation");
            return;
        }

        var generation = oldMeta["generation"] is { } g ? long.Parse(g.ToJsonString(), CultureInfo.InvariantCulture) : 1;
        var bump = !statusWrite && (type.Generation == GenerationRule.AllButMetadata
            ? !JsonNode.DeepEquals(Content(type, current), Content(type, next))
            : !JsonNode.DeepEquals(current["spec"], next["spec"])
                || (type.Generation == GenerationRule.SpecOrAnnotations && !JsonNode.DeepEquals(oldMeta["annotations"], meta["annotations"])));
        meta["generation"] = bump ? generation + 1 : generation;
    }

    /// <summary>An object without metadata (and without status where a status subresource owns it).</summary>
    private static JsonObject Content(ResourceType type, JsonObject obj) =>
        new(obj.Where(kv => kv.Key != "metadata" && !(type.HasStatus && kv.Key == "status"))
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));

    /// <summary>DNS-1123 subdomain (most names) or label (namespaces) checks, with the real messages.</summary>
    public static IEnumerable<FieldError> ValidateName(ResourceType type, string? name, string field = "metadata.name")
    {
        if (string.IsNullOrEmpty(name))
        {
            yield return FieldError.Required(field, "name or generateName is required");
            yield break;
        }

        if (type == ResourceCatalog.Namespaces)
        {
            if (name.Length > 63 || !DnsLabel().IsMatch(name))
            {
                yield return FieldError.Invalid(field, name,
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
            }
        }
        else if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            yield return FieldError.Invalid(field, name,
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
    }

    /// <summary>TotalAnnotationSizeLimitB: keys plus values at most 256 KiB.</summary>
    public static IEnumerable<FieldError> ValidateAnnotations(JsonObject? annotations)
    {
        const long Limit = 256 * 1024;
        var total = (annotations ?? []).Sum(kv => (long)kv.Key.Length + (kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s.Length : 0));
        if (total > Limit)
        {
            yield return FieldError.TooLong("metadata.annotations", Limit);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
