using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Syncer.Discovery;

/// <summary>
/// The list half of list+watch: a paged list of one scope's labeled Secrets (label selector on the server), made
/// the truth of the index, every listed or vanished key queued for the scheduler.
/// </summary>
internal sealed class SecretLister(
    IKubernetes client,
    IOptions<DiscoveryOptions> options,
    SecretIndex index,
    CoalescingWorkQueue<SecretKey> queue,
    ILogger<SecretLister> logger)
{
    private readonly DiscoveryOptions _options = options.Value;

    /// <param name="scope">A namespace, or null for every namespace.</param>
    /// <param name="firstList">The process's first list of this scope: its Secrets were there before Syncer started.</param>
    /// <returns>The list's resourceVersion, where the watch starts.</returns>
    public async Task<string> ListAsync(string? scope, bool firstList, CancellationToken cancellationToken)
    {
        var listed = new List<WatchedSecret>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = scope is null
                ? await client.CoreV1.ListSecretForAllNamespacesAsync(
                    continueParameter: continueToken, labelSelector: WatchedAnnotations.LabelSelector, limit: _options.ListPageSize, cancellationToken: cancellationToken)
                : await client.CoreV1.ListNamespacedSecretAsync(
                    scope, continueParameter: continueToken, labelSelector: WatchedAnnotations.LabelSelector, limit: _options.ListPageSize, cancellationToken: cancellationToken);
            listed.AddRange(page.Items.Select(secret => WatchedSecret.From(secret, firstList)));
            continueToken = page.Metadata?.ContinueProperty;
            resourceVersion = page.Metadata?.ResourceVersion ?? "";
        }
        while (!string.IsNullOrEmpty(continueToken));

        foreach (var removed in index.ReplaceScope(scope, listed))
        {
            queue.Add(removed);
        }

        foreach (var secret in listed)
        {
            queue.Add(secret.Key);
        }

        Log.Listed(logger, listed.Count, scope ?? "all namespaces", resourceVersion);
        return resourceVersion;
    }
}
