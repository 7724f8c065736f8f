using Microsoft.AspNetCore.Http;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// The impersonation filter (k8s.io/apiserver endpoints/filters/impersonation.go): <c>Impersonate-User</c> and
/// <c>Impersonate-Group</c> replace the request's user when the requester may <c>impersonate</c> that user (for a
/// ServiceAccount's name: the serviceaccount in its namespace) and each group. A ServiceAccount impersonated
/// without groups gets its account groups; every impersonated user but system:anonymous gets
/// system:authenticated unless system:authenticated or system:unauthenticated was asked for.
/// </summary>
internal static class Impersonation
{
    public static UserInfo Apply(HttpRequest request, UserInfo requester, Authorizer authorizer)
    {
        var userHeader = request.Headers["Impersonate-User"].ToString();
        var groups = request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        if (userHeader.Length == 0)
        {
            if (groups.Count > 0)
            {
                throw Api.KubeErrors.BadRequest("requested [{Kind=Group Name=...}] without impersonating a user");
            }

            return requester;
        }

        var account = UserInfo.SplitServiceAccount(userHeader);
        authorizer.Require(account is { } sa
            ? new RequestAttributes(requester, "impersonate", true, "", "serviceaccounts", Namespace: sa.Namespace, Name: sa.Name)
            : new RequestAttributes(requester, "impersonate", true, "", "users", Name: userHeader));
        foreach (var group in groups)
        {
            authorizer.Require(new RequestAttributes(requester, "impersonate", true, "", "groups", Name: group));
        }

        if (account is { } impersonated && groups.Count == 0)
        {
            groups.AddRange(UserInfo.ServiceAccountGroups(impersonated.Namespace));
        }

        if (userHeader != "system:anonymous" && !groups.Any(g => g is UserInfo.Authenticated or UserInfo.Unauthenticated))
        {
            groups.Add(UserInfo.Authenticated);
        }

        return new UserInfo(userHeader, "", groups);
    }
}
