namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>A token reviewed: the user and audiences when authenticated (and the JWT id, for credential-id), else the error.</summary>
internal sealed record TokenReviewOutcome(UserInfo? User, IReadOnlyList<string> Audiences, string? Jti, string? Error);
