namespace Syncer.Spec;

/// <summary>
/// A Secret's validated sync annotations (PRODUCT.md section 2) with every default resolved, as parsed by
/// <see cref="SyncSpecParser"/>. Nobody reads the raw annotations or the refresh settings again.
/// </summary>
/// <param name="Namespace">The Secret's namespace (the tenancy policy is checked against it).</param>
/// <param name="Path">The <c>syncer.io/path</c> source (with <see cref="Version"/> applied), or null when only keys are given.</param>
/// <param name="Keys">The <c>syncer.io/keys</c> mappings; empty means every top-level key of <see cref="Path"/>.</param>
/// <param name="Version">The pinned KV v2 version of <see cref="Path"/>; null reads the latest.</param>
/// <param name="Interval">
/// <c>syncer.io/refresh</c>, else the default refresh; with <c>syncer.io/schedule</c> the shortest gap between its next
/// firings. The periodic trigger, the Vault read window and the retry bound all use it.
/// </param>
/// <param name="Schedule">A validated Quartz cron expression (UTC); null when not set. Never set together with a refresh.</param>
/// <param name="Restart">The restart policy: the annotation's, else the configured default.</param>
/// <param name="ForceSync">The <c>syncer.io/force-sync</c> token; a new value asks for a sync at once from a fresh read.</param>
/// <param name="FreshReadSpacing">
/// The shortest time between two fresh Vault reads for this Secret (the minimum refresh): a force-sync sooner is
/// served from the read cache and its fresh read deferred, so one tenant cannot turn force-sync into a read storm.
/// </param>
internal sealed record SyncSpec(
    string Namespace,
    VaultSource? Path,
    IReadOnlyList<KeyMapping> Keys,
    int? Version,
    TimeSpan Interval,
    string? Schedule,
    RestartPolicy Restart,
    string? ForceSync,
    TimeSpan FreshReadSpacing)
{
    /// <summary>Reads of one source within this window share one Vault request (see <c>VaultReadCache</c>).</summary>
    public TimeSpan ReadWindow => Interval;

    /// <summary>True when the Secret takes every key of <see cref="Path"/> (no <c>syncer.io/keys</c>).</summary>
    public bool WholePath => Keys.Count == 0;

    /// <summary>The distinct Vault reads this spec needs, in a stable order.</summary>
    public IReadOnlyList<VaultSource> Sources
    {
        get
        {
            if (WholePath)
            {
                return Path is null ? [] : [Path];
            }

            return [.. Keys.Select(k => k.Source).Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal)];
        }
    }
}
