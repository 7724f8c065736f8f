namespace Syncer.Doubles.Vault.Auth;

/// <summary>auth/&lt;mount&gt;/role/&lt;name&gt; of the kubernetes method: who may log in (names, namespaces, audience) and the token issued.</summary>
internal sealed record KubernetesAuthRole(
    IReadOnlyList<string> ServiceAccountNames,
    IReadOnlyList<string> ServiceAccountNamespaces,
    string Audience,
    string AliasNameSource,
    TokenSpec Issued);
