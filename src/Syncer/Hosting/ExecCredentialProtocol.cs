using System.Text.Json.Serialization;

namespace Syncer.Hosting;

/// <summary>
/// The exec credential plugin protocol (<c>client.authentication.k8s.io</c>, as kubectl speaks it): the request Syncer
/// passes in <c>KUBERNETES_EXEC_INFO</c> and the answer the plugin prints, by generated code (Syncer turns
/// reflection-based JSON off, which is why it cannot use the client's own runner: ExecCredentialPlugin).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecCredentialRequest))]
[JsonSerializable(typeof(ExecCredentialAnswer))]
internal sealed partial class ExecCredentialJsonContext : JsonSerializerContext;

/// <summary>The <c>ExecCredential</c> Syncer sends: never interactive; the cluster only when the kubeconfig asks for it.</summary>
internal sealed record ExecCredentialRequest(string ApiVersion, string Kind, ExecCredentialSpec Spec);

internal sealed record ExecCredentialSpec(bool Interactive, ExecCredentialCluster? Cluster);

/// <summary>The cluster as <c>provideClusterInfo: true</c> passes it (the names are client-go's, kebab-case).</summary>
internal sealed record ExecCredentialCluster(
    string? Server,
    [property: JsonPropertyName("tls-server-name")] string? TlsServerName,
    [property: JsonPropertyName("insecure-skip-tls-verify")] bool InsecureSkipTlsVerify,
    [property: JsonPropertyName("certificate-authority-data")] byte[]? CertificateAuthorityData);

/// <summary>The <c>ExecCredential</c> a plugin prints on its standard output.</summary>
internal sealed record ExecCredentialAnswer(string? ApiVersion, string? Kind, ExecCredentialStatus? Status);

/// <summary>
/// A token, or a client certificate and key (PEM), and when they expire (absent: they do not). The values are
/// credentials: nothing prints this record (it is a class so no generated <c>ToString</c> lists them).
/// </summary>
internal sealed class ExecCredentialStatus
{
    public string? Token { get; init; }

    public string? ClientCertificateData { get; init; }

    public string? ClientKeyData { get; init; }

    public DateTimeOffset? ExpirationTimestamp { get; init; }
}
