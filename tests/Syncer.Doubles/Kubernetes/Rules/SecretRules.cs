using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>Secret strategy: stringData folding, type defaulting and ValidateSecret/ValidateSecretUpdate.</summary>
internal static class SecretRules
{
    public const int MaxSecretSize = 1024 * 1024;
    private const string ImmutableDetail = "field is immutable when `immutable` is set";

    /// <summary>stringData overwrites data[key] and is never stored; an empty type becomes Opaque.</summary>
    public static void Normalize(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            if (secret["data"] is not JsonObject data)
            {
                data = [];
                secret["data"] = data;
            }

            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? ""));
            }
        }

        secret.Remove("stringData");
        if (string.IsNullOrEmpty((string?)secret["type"]))
        {
            secret["type"] = "Opaque";
        }
    }

    public static IEnumerable<FieldError> Validate(JsonObject secret, JsonObject? old)
    {
        var data = secret["data"] as JsonObject ?? [];
        long size = 0;
        var decoded = new Dictionary<string, byte[]>();
        foreach (var (key, value) in data)
        {
            foreach (var error in ConfigKeys.Validate($"data[{key}]", key))
            {
                yield return error;
            }

            var bytes = Decode((string?)value);
            decoded[key] = bytes;
            size += bytes.Length;
        }

        if (size > MaxSecretSize)
        {
            yield return FieldError.TooLong("data", MaxSecretSize);
        }

        foreach (var error in ValidateType((string?)secret["type"] ?? "Opaque", secret, decoded))
        {
            yield return error;
        }

        if (old is null)
        {
            yield break;
        }

        if ((string?)old["type"] != (string?)secret["type"])
        {
            yield return FieldError.Invalid("type", (string?)secret["type"] ?? "", "field is immutable");
        }

        if ((bool?)old["immutable"] == true)
        {
            if ((bool?)secret["immutable"] != true)
            {
                yield return FieldError.Forbidden("immutable", ImmutableDetail);
            }

            if (!JsonNode.DeepEquals(old["data"] ?? new JsonObject(), secret["data"] ?? new JsonObject()))
            {
                yield return FieldError.Forbidden("data", ImmutableDetail);
            }
        }
    }

    private static IEnumerable<FieldError> ValidateType(string type, JsonObject secret, Dictionary<string, byte[]> data)
    {
        switch (type)
        {
            case "kubernetes.io/tls":
                foreach (var key in new[] { "tls.crt", "tls.key" }.Where(k => !data.ContainsKey(k)))
                {
                    yield return FieldError.Required($"data[{key}]");
                }

                break;
            case "kubernetes.io/dockerconfigjson":
            case "kubernetes.io/dockercfg":
                var field = type == "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
                if (!data.TryGetValue(field, out var json))
                {
                    yield return FieldError.Required($"data[{field}]");
                }
                else if (!IsJson(json, out var problem))
                {
                    yield return FieldError.Invalid($"data[{field}]", "<secret contents redacted>", problem);
                }

                break;
            case "kubernetes.io/basic-auth" when !data.ContainsKey("username") && !data.ContainsKey("password"):
                yield return FieldError.Required("data[username]");
                yield return FieldError.Required("data[password]");
                break;
            case "kubernetes.io/ssh-auth" when !data.TryGetValue("ssh-privatekey", out var key) || key.Length == 0:
                yield return FieldError.Required("data[ssh-privatekey]");
                break;
            case "kubernetes.io/service-account-token"
                when (secret["metadata"]?["annotations"]?["kubernetes.io/service-account.name"]) is null:
                yield return FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]");
                break;
        }
    }

    private static bool IsJson(byte[] bytes, out string problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            problem = "";
            return true;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static byte[] Decode(string? value)
    {
        try
        {
            return Convert.FromBase64String(value ?? "");
        }
        catch (FormatException)
        {
            throw KubeErrors.BadRequest("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 0");
        }
    }
}
