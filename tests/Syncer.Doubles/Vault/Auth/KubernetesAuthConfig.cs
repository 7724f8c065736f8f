namespace Syncer.Doubles.Vault.Auth;

/// <summary>auth/&lt;mount&gt;/config of the kubernetes method: where and how Vault calls TokenReview.</summary>
internal sealed record KubernetesAuthConfig(
    string Host,
    string CaCert,
    string TokenReviewerJwt,
    IReadOnlyList<string> PemKeys,
    bool DisableLocalCaJwt,
    string Issuer,
    bool DisableIssValidation);
