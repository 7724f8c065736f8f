namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>
/// Who a request is (k8s.io/apiserver user.Info): name, uid, groups. <paramref name="Rules"/> are the simple
/// <see cref="AccessRule"/>s a token registered with <c>AddToken</c> carries (an authorizer of their own, before RBAC).
/// </summary>
internal sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, AccessRule[]? Rules = null)
{
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Masters = "system:masters";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The groups every ServiceAccount token carries (serviceaccount.MakeGroupNames), without system:authenticated.</summary>
    public static IReadOnlyList<string> ServiceAccountGroups(string ns) => ["system:serviceaccounts", $"system:serviceaccounts:{ns}"];

    public static string ServiceAccountName(string ns, string name) => $"{ServiceAccountPrefix}{ns}:{name}";

    /// <summary>(namespace, name) when <paramref name="user"/> is a ServiceAccount's user name, else null.</summary>
    public static (string Namespace, string Name)? SplitServiceAccount(string user)
    {
        if (!user.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = user[ServiceAccountPrefix.Length..].Split(':');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? (ns, name) : null;
    }
}
