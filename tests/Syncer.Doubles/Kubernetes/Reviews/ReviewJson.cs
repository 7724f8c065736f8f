using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;

namespace Syncer.Doubles.Kubernetes.Reviews;

/// <summary>The shapes the review answers share: the request echoed with its status, and a user as user.Info's JSON.</summary>
internal static class ReviewJson
{
    /// <summary>kind, apiVersion, metadata (creationTimestamp null, as for an object never stored), the spec sent, the status.</summary>
    public static JsonObject Answer(ResourceType type, JsonObject body, JsonObject status, JsonObject? metadata = null) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = metadata ?? new JsonObject { ["creationTimestamp"] = null },
        ["spec"] = body["spec"]?.DeepClone() ?? new JsonObject(),
        ["status"] = status,
    };

    public static JsonObject User(UserInfo user, string? jti = null)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            json["uid"] = user.Uid;
        }

        json["groups"] = Strings(user.Groups);
        if (jti is not null)
        {
            json["extra"] = new JsonObject { ["authentication.kubernetes.io/credential-id"] = new JsonArray($"JTI={jti}") };
        }

        return json;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    public static List<string> Strings(JsonNode? node) => [.. PolicyRules.Strings(node)];
}
