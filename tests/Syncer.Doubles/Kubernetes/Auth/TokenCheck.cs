namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>The outcome of checking a service-account token: the account and the audiences it was accepted for, or why not.</summary>
internal sealed record TokenCheck(ServiceAccountRef? Account, IReadOnlyList<string> Audiences, string? Jti, string? Error)
{
    public static TokenCheck Failed(string error) => new(null, [], null, error);
}
