using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Syncer.Doubles.Kubernetes.Api;
using Syncer.Doubles.Kubernetes.Store;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// Bearer tokens to users, as kube-apiserver's union of authenticators: static tokens (the admin's, and those given
/// to <c>AddToken</c>, like a --token-auth-file) and service-account tokens from TokenRequest (signature, issuer,
/// the API server's audience, expiry, and the ServiceAccount still existing with the token's uid). 401 otherwise.
/// </summary>
internal sealed class Authenticator(ObjectStore store, ServiceAccountTokens serviceAccountTokens, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, UserInfo> _static = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RequestCounter> _counters = new(StringComparer.Ordinal);

    public void Add(string token, UserInfo user) => _static[token] = user;

    /// <summary>Requests with this token are counted in <paramref name="counter"/> rather than the double's own.</summary>
    public void CountApart(string token, RequestCounter counter) => _counters[token] = counter;

    /// <summary>The counter for the request's token if it is counted apart, else <paramref name="shared"/>.</summary>
    public RequestCounter CounterFor(HttpRequest request, RequestCounter shared) =>
        _counters.IsEmpty || Bearer(request) is not { } token ? shared : _counters.GetValueOrDefault(token, shared);

    /// <summary>The request's user; 401 without a token the server accepts for its own audience.</summary>
    public async Task<UserInfo> AuthenticateAsync(HttpRequest request)
    {
        if (Bearer(request) is { } token && (await ReviewAsync(token, ServiceAccountTokens.ApiAudiences)).User is { } user)
        {
            return user;
        }

        throw KubeErrors.Unauthorized();
    }

    /// <summary>What TokenReview answers: the user and the audiences the token is good for, or why it is not good.</summary>
    public async Task<TokenReviewOutcome> ReviewAsync(string token, IReadOnlyList<string> audiences)
    {
        if (_static.TryGetValue(token, out var known))
        {
            // Static tokens know no audience: good only for the API server's own (WrapAudienceAgnosticToken).
            var forApi = audiences.Intersect(ServiceAccountTokens.ApiAudiences, StringComparer.Ordinal).ToList();
            return forApi.Count > 0
                ? new TokenReviewOutcome(known, forApi, null, null)
                : new TokenReviewOutcome(null, [], null, $"token audiences {GoFormat.QuoteList(ServiceAccountTokens.ApiAudiences)} is invalid for the target audiences {GoFormat.QuoteList(audiences)}");
        }

        if (await serviceAccountTokens.CheckAsync(token, audiences, clock.GetUtcNow()) is not { } check)
        {
            return new TokenReviewOutcome(null, [], null, "invalid bearer token");
        }

        if (check.Account is not { } account)
        {
            return new TokenReviewOutcome(null, [], null, check.Error);
        }

        var stored = store.Get(ResourceCatalog.ServiceAccounts.StorageKey, account.Namespace, account.Name);
        if (stored is null)
        {
            return new TokenReviewOutcome(null, [], null, $"serviceaccounts \"{account.Name}\" not found");
        }

        if ((string?)stored["metadata"]!["uid"] is var uid && uid != account.Uid)
        {
            return new TokenReviewOutcome(null, [], null, $"service account UID ({uid}) does not match claim ({account.Uid})");
        }

        var user = new UserInfo(UserInfo.ServiceAccountName(account.Namespace, account.Name), account.Uid,
            [.. UserInfo.ServiceAccountGroups(account.Namespace), UserInfo.Authenticated]);
        return new TokenReviewOutcome(user, check.Audiences, check.Jti, null);
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }
}
