using System.Text.Json.Nodes;

namespace Syncer.Doubles.Kubernetes.Api;

/// <summary>Status bodies as apimachinery's pkg/api/errors builds them (reason, code, message, details).</summary>
internal static class KubeErrors
{
    public static KubeStatusException NotFound(ResourceType type, string name) =>
        Fail(404, "NotFound", $"{type.QualifiedPlural} \"{name}\" not found", Details(name, type));

    public static KubeStatusException NamespaceNotFound(string ns) =>
        Fail(404, "NotFound", $"namespaces \"{ns}\" not found", Details(ns, ResourceCatalog.Namespaces));

    public static KubeStatusException AlreadyExists(ResourceType type, string name) =>
        Fail(409, "AlreadyExists", $"{type.QualifiedPlural} \"{name}\" already exists", Details(name, type));

    public static KubeStatusException Conflict(ResourceType type, string name, string? why = null) =>
        Fail(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedPlural} \"{name}\": "
            + (why ?? "the object has been modified; please apply your changes to the latest version and try again"),
            Details(name, type));

    public static KubeStatusException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var rendered = errors.Select(e => $"{e.Field}: {e.Message}").ToList();
        var summary = rendered.Count == 1 ? rendered[0] : $"[{string.Join(", ", rendered)}]";
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Kind;
        details["causes"] = new JsonArray([.. errors.Select(e =>
            (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Message, ["field"] = e.Field })]);
        var qualifiedKind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return Fail(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}", details);
    }

    public static KubeStatusException Forbidden(string message, ResourceType type, string? name) =>
        Fail(403, "Forbidden", message, Details(name, type));

    public static KubeStatusException Unauthorized() => Fail(401, "Unauthorized", "Unauthorized", null);

    public static KubeStatusException BadRequest(string message) => Fail(400, "BadRequest", message, null);

    public static KubeStatusException Expired(string message) => Fail(410, "Expired", message, null);

    public static KubeStatusException TooLarge(long limit) =>
        Fail(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}", null);

    /// <summary>415 for a patch type the resource does not take (custom resources take no strategic merge patch).</summary>
    public static KubeStatusException UnsupportedPatch(bool custom = false) =>
        Fail(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, "
            + (custom ? "application/apply-patch+yaml" : "application/strategic-merge-patch+json"),
            null);

    /// <summary>415 for a body media type the resource does not take (custom resources: no protobuf).</summary>
    public static KubeStatusException UnsupportedBody(bool custom = false) =>
        Fail(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json, "
            + (custom ? "application/yaml" : "application/vnd.kubernetes.protobuf"), null);

    /// <summary>A protobuf body the double cannot decode (a kind or a field outside its schema): 415, and what to do instead.</summary>
    public static KubeStatusException UnsupportedProtobuf(string kind, string why) =>
        Fail(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format: {why}; create the {kind} with kubectl apply -f and a YAML or JSON manifest", null);

    /// <summary>406: negotiation found no form it serves, or a conversion does not fit the object (list vs single).</summary>
    public static KubeStatusException NotAcceptable(string message) => Fail(406, "NotAcceptable", message, null);

    /// <summary>
    /// A JSON Patch that does not apply: <c>NewGenericServerResponse(422, ...)</c> in the API server's patch handler,
    /// the generic message, the patch library's own text as the one cause.
    /// </summary>
    public static KubeStatusException PatchRejected(string patchError) =>
        Fail(422, "Invalid", "the server rejected our request due to an error in our request", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnexpectedServerResponse", ["message"] = patchError }),
        });

    /// <summary>The error a fault injection answers with (reason derived from the code like the real server).</summary>
    public static KubeStatusException Injected(int code) => code switch
    {
        409 => Fail(409, "Conflict", "injected fault: conflict", null),
        429 => Fail(429, "TooManyRequests", "injected fault: too many requests, please try again later", null),
        503 => Fail(503, "ServiceUnavailable", "injected fault: the server is currently unable to handle the request", null),
        504 => Fail(504, "Timeout", "injected fault: the server was unable to return a response in the time allotted", null),
        _ => Fail(code, "InternalError", "Internal error occurred: injected fault", null),
    };

    public static JsonObject Status(int code, string reason, string message, JsonObject? details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = code,
    };

    private static KubeStatusException Fail(int code, string reason, string message, JsonObject? details)
    {
        var status = Status(code, reason, message, details);
        if (details is null)
        {
            status.Remove("details");
        }

        return new KubeStatusException(code, status);
    }

    private static JsonObject? Details(string? name, ResourceType type)
    {
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        return details;
    }
}
