using Microsoft.Extensions.Options;

namespace Syncer.Sync;

/// <summary>
/// Syncer's own namespace when <c>Syncer:Sync:Namespace</c> is not set (PRODUCT.md section 5): <c>POD_NAMESPACE</c>
/// (the downward API), else the namespace file of the in-cluster service account, else <see cref="Default"/>, the
/// install's and the sandbox's namespace.
/// </summary>
internal sealed class OwnNamespace(Func<string, string?> environment, string serviceAccountNamespaceFile) : IPostConfigureOptions<SyncOptions>
{
    public const string Default = "syncer-system";

    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    public OwnNamespace()
        : this(Environment.GetEnvironmentVariable, ServiceAccountNamespaceFile)
    {
    }

    public void PostConfigure(string? name, SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Namespace))
        {
            options.Namespace = Resolve();
        }
    }

    public string Resolve()
    {
        if (environment("POD_NAMESPACE") is { Length: > 0 } fromPod)
        {
            return fromPod.Trim();
        }

        return File.Exists(serviceAccountNamespaceFile) && File.ReadAllText(serviceAccountNamespaceFile).Trim() is { Length: > 0 } fromFile
            ? fromFile
            : Default;
    }
}
