using System.Globalization;
using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Reviews;

/// <summary>
/// POST serviceaccounts/&lt;name&gt;/token (pkg/registry/core/serviceaccount/storage/token.go): expirationSeconds
/// defaults to 3600 and must lie within [600, 2^32]; audiences default to the API server's; the ServiceAccount must
/// exist. Answers the TokenRequest with status.token and status.expirationTimestamp. boundObjectRef is not modelled.
/// </summary>
internal static class TokenRequests
{
    public static JsonObject Create(ObjectStore store, ServiceAccountTokens tokens, DateTimeOffset now, string ns, string name, JsonObject body)
    {
        var type = ResourceCatalog.TokenRequests;
        var spec = body["spec"] as JsonObject ?? [];
        var seconds = spec["expirationSeconds"] is { } given ? (long)given : 3600L;
        if (seconds < 600)
        {
            throw KubeErrors.Invalid(type, name, [FieldError.InvalidRaw("spec.expirationSeconds", seconds.ToString(CultureInfo.InvariantCulture), "may not specify a duration less than 10 minutes")]);
        }

        if (seconds > 1L << 32)
        {
            throw KubeErrors.Invalid(type, name, [FieldError.InvalidRaw("spec.expirationSeconds", seconds.ToString(CultureInfo.InvariantCulture), "may not specify a duration larger than 2^32 seconds")]);
        }

        var account = store.Get(ResourceCatalog.ServiceAccounts.StorageKey, ns, name) ?? throw KubeErrors.NotFound(ResourceCatalog.ServiceAccounts, name);
        var audiences = ReviewJson.Strings(spec["audiences"]) is { Count: > 0 } asked ? asked : [.. ServiceAccountTokens.ApiAudiences];
        var token = tokens.Issue(new ServiceAccountRef(ns, name, (string)account["metadata"]!["uid"]!), audiences, now, seconds);
        var answered = new JsonObject
        {
            ["audiences"] = ReviewJson.Strings(audiences),
            ["expirationSeconds"] = seconds,
            ["boundObjectRef"] = null,
        };
        return ReviewJson.Answer(type, new JsonObject { ["spec"] = answered }, new JsonObject
        {
            ["token"] = token,
            ["expirationTimestamp"] = Rules.ObjectMeta.FormatTime(now.AddSeconds(seconds)),
        }, new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = Rules.ObjectMeta.FormatTime(now) });
    }
}
