using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>
/// Writes a planned change as a JSON merge patch guarded by the Secret's resourceVersion. On 409 Conflict it reads
/// the Secret again and plans again from what it finds (someone else wrote in between), up to
/// <see cref="SyncOptions.MaxWriteAttempts"/>. An empty plan writes nothing.
/// </summary>
internal sealed class SecretWriter(IKubernetes kubernetes, IOptions<SyncOptions> options, ILogger<SecretWriter> logger)
{
    private readonly SyncOptions _options = options.Value;

    public async Task<WriteResult> WriteAsync(V1Secret secret, Func<V1Secret, SecretPlan> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(plan);
        var ns = secret.Metadata.NamespaceProperty;
        var name = secret.Metadata.Name;
        for (var attempt = 1; ; attempt++)
        {
            var change = plan(secret);
            if (change.IsEmpty)
            {
                return new WriteResult(WriteStatus.NothingToWrite, secret, change);
            }

            try
            {
                var patch = new V1Patch(change.ToMergePatch(secret.Metadata.ResourceVersion), V1Patch.PatchType.MergePatch);
                var written = await kubernetes.CoreV1.PatchNamespacedSecretAsync(
                    patch, name, ns, fieldManager: _options.FieldManager, cancellationToken: cancellationToken);
                return new WriteResult(WriteStatus.Written, written, change);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && attempt < _options.MaxWriteAttempts)
            {
                Log.WriteConflict(logger, ns, name, attempt);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return new WriteResult(WriteStatus.NotFound, secret, change);
            }
            catch (HttpOperationException ex)
            {
                return new WriteResult(WriteStatus.Failed, secret, change, Describe("writing", ex, attempt));
            }

            V1Secret? fresh;
            try
            {
                fresh = await ReadAsync(kubernetes, ns, name, cancellationToken);
            }
            catch (HttpOperationException ex)
            {
                return new WriteResult(WriteStatus.Failed, secret, change, Describe("reading", ex, attempt));
            }

            if (fresh is null)
            {
                return new WriteResult(WriteStatus.NotFound, secret, change);
            }

            if (!IsManaged(fresh))
            {
                return new WriteResult(WriteStatus.NotManaged, fresh, SecretPlan.Nothing);
            }

            secret = fresh;
        }
    }

    /// <summary>GET a Secret; null when it does not exist.</summary>
    public static async Task<V1Secret?> ReadAsync(IKubernetes kubernetes, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static bool IsManaged(V1Secret secret) =>
        secret.Metadata?.Labels is { } labels
        && labels.TryGetValue(SyncAnnotations.Enabled, out var enabled)
        && enabled == SyncAnnotations.EnabledValue;

    /// <summary>Status code and reason only: an API server message may quote submitted values.</summary>
    public static string Describe(string doing, HttpOperationException ex, int attempts) =>
        ex.Response.StatusCode == HttpStatusCode.Conflict
            ? $"Kubernetes kept answering 409 Conflict {doing} the Secret ({attempts} attempts)"
            : $"Kubernetes answered {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase} {doing} the Secret";
}
