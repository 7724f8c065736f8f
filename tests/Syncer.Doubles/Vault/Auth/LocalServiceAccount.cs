namespace Syncer.Doubles.Vault.Auth;

/// <summary>
/// What a Vault running in a pod finds in /var/run/secrets/kubernetes.io/serviceaccount (token and ca.crt): the
/// Kubernetes auth method uses them when its config gives no token_reviewer_jwt or CA (unless disable_local_ca_jwt).
/// </summary>
internal sealed record LocalServiceAccount(string Jwt, string CaPem);
