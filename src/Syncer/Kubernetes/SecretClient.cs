using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Syncer.Kubernetes;

/// <summary>
/// The few Secret requests Syncer makes (get-or-null, guarded JSON merge patch, create) and the one description of a
/// failed request. Every write carries Syncer's field manager.
/// </summary>
internal sealed class SecretClient(IKubernetes kubernetes)
{
    public const string FieldManager = "syncer";

    /// <summary>GET a Secret; null when it does not exist.</summary>
    public async Task<V1Secret?> GetAsync(string ns, string name, CancellationToken cancellationToken)
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

    /// <summary>
    /// A JSON merge patch, as a raw string so explicit nulls survive (the client's serializer drops nulls); when it
    /// carries <c>metadata.resourceVersion</c> the API server answers 409 if the Secret changed since.
    /// </summary>
    public Task<V1Secret> PatchAsync(string ns, string name, string mergePatch, CancellationToken cancellationToken) =>
        kubernetes.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), name, ns, fieldManager: FieldManager, cancellationToken: cancellationToken);

    /// <summary>A JSON Patch (RFC 6902); a failed <c>test</c> operation comes back as 422 and changes nothing.</summary>
    public Task<V1Secret> JsonPatchAsync(string ns, string name, string jsonPatch, CancellationToken cancellationToken) =>
        kubernetes.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch(jsonPatch, V1Patch.PatchType.JsonPatch), name, ns, fieldManager: FieldManager, cancellationToken: cancellationToken);

    public Task<V1Secret> CreateAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return kubernetes.CoreV1.CreateNamespacedSecretAsync(secret, secret.Metadata.NamespaceProperty, fieldManager: FieldManager, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// A failure of the Kubernetes API that a sync reports and may retry: an error answer, an unreachable server, or
    /// the client's own timeout (a cancellation the caller did not ask for). Never thrown out of a sync.
    /// </summary>
    public static bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpOperationException or HttpRequestException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static bool IsConflict(Exception exception) =>
        exception is HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict };

    public static bool IsNotFound(Exception exception) =>
        exception is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };

    public static bool IsInvalid(Exception exception) =>
        exception is HttpOperationException { Response.StatusCode: HttpStatusCode.UnprocessableEntity };

    /// <summary>
    /// The fields a 422 names (<c>details.causes[].field</c> of the API server's Status) with each cause's reason, e.g.
    /// <c>data[tls.key] (FieldValueRequired)</c>; never a cause's message, which may quote a submitted value.
    /// </summary>
    public static IReadOnlyList<string> InvalidFields(Exception exception)
    {
        if (exception is not HttpOperationException { Response.Content: { Length: > 0 } body })
        {
            return [];
        }

        try
        {
            var causes = KubernetesJson.Deserialize<V1Status>(body)?.Details?.Causes ?? [];
            return [.. causes.Where(c => !string.IsNullOrEmpty(c.Field))
                .Select(c => string.IsNullOrEmpty(c.Reason) ? c.Field : $"{c.Field} ({c.Reason})")
                .Distinct(StringComparer.Ordinal)];
        }
        catch (System.Text.Json.JsonException)
        {
            return []; // not a Status: say nothing rather than guess
        }
    }

    /// <summary>Status code and reason only: an API server message may quote submitted values.</summary>
    /// <param name="doing">What was being done, e.g. "writing the Secret".</param>
    public static string Describe(string doing, Exception exception, int attempts = 1) => exception switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.Conflict } =>
            $"Kubernetes kept answering 409 Conflict {doing} ({attempts} attempts)",
        HttpOperationException http => $"Kubernetes answered {(int)http.Response.StatusCode} {http.Response.ReasonPhrase} {doing}",
        OperationCanceledException => $"the Kubernetes API did not answer in time {doing}",
        _ => $"the Kubernetes API could not be reached {doing}",
    };
}
