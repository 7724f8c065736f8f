using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Auth;
using Syncer.Doubles.Kubernetes.Http;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Reviews;

/// <summary>
/// The create-only endpoints (nothing is stored): TokenRequest, TokenReview, SelfSubjectReview and the access and
/// rules reviews. Bodies in JSON or protobuf (kubectl create token and kubectl auth can-i send protobuf). 201 Created.
/// </summary>
internal sealed class ReviewEndpoints(ObjectStore store, Authenticator authenticator, Authorizer authorizer, ServiceAccountTokens tokens, TimeProvider clock)
{
    public static bool Serves(ApiTarget target) => target.Type.CreateOnly || (target.Type == ResourceCatalog.ServiceAccounts && target.Subresource == "token");

    public async Task<JsonObject> CreateAsync(ApiTarget target, string verb, UserInfo user, HttpRequest request, CancellationToken ct)
    {
        var isToken = target.Subresource == "token";
        if (verb != "create" || (isToken ? target.Name is null : target.Name is not null))
        {
            throw new KubeStatusException(405, KubeErrors.Status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject()));
        }

        var type = isToken ? ResourceCatalog.TokenRequests : target.Type;
        var body = await HttpJson.ReadObjectAsync(request, type, ct);
        if (isToken)
        {
            return TokenRequests.Create(store, tokens, clock.GetUtcNow(), target.Namespace!, target.Name!, body);
        }

        if (type == ResourceCatalog.TokenReviews)
        {
            return await ReviewTokenAsync(body);
        }

        if (type == ResourceCatalog.SelfSubjectReviews)
        {
            return ReviewJson.Answer(type, body, new JsonObject { ["userInfo"] = ReviewJson.User(user) });
        }

        return type == ResourceCatalog.SelfSubjectRulesReviews
            ? RulesReviews.Create(body, user, authorizer)
            : AccessReviews.Create(type, body, user, authorizer, type.Namespaced ? target.Namespace : null);
    }

    /// <summary>pkg/registry/authentication/tokenreview: authenticated with user and audiences, or the authenticator's error.</summary>
    private async Task<JsonObject> ReviewTokenAsync(JsonObject body)
    {
        var token = (string?)body["spec"]?["token"] ?? "";
        if (token.Length == 0)
        {
            throw KubeErrors.BadRequest("token is required for TokenReview in authentication");
        }

        var asked = ReviewJson.Strings(body["spec"]?["audiences"]);
        var outcome = await authenticator.ReviewAsync(token, asked.Count > 0 ? asked : ServiceAccountTokens.ApiAudiences);
        var status = outcome.User is { } user
            ? new JsonObject { ["authenticated"] = true, ["user"] = ReviewJson.User(user, outcome.Jti), ["audiences"] = ReviewJson.Strings(outcome.Audiences) }
            : new JsonObject { ["user"] = new JsonObject(), ["error"] = outcome.Error };
        return ReviewJson.Answer(ResourceCatalog.TokenReviews, body, status);
    }
}
