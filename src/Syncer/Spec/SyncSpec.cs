namespace Syncer.Spec;

/// <summary>
/// A Secret's validated sync annotations (PRODUCT.md section 2), as parsed by <see cref="SyncSpecParser"/>.
/// </summary>
/// <param name="Namespace">The Secret's namespace (the tenancy policy is checked against it).</param>
/// <param name="Path">The <c>syncer.io/path</c> source (with <see cref="Version"/> applied), or null when only keys are given.</param>
/// <param name="Keys">The <c>syncer.io/keys</c> mappings; empty means every top-level key of <see cref="Path"/>.</param>
/// <param name="Version">The pinned KV v2 version of <see cref="Path"/>; null reads the latest.</param>
/// <param name="Refresh">The refresh interval; null when not set (the global default applies unless <see cref="Schedule"/> is set).</param>
/// <param name="Schedule">A validated Quartz cron expression; null when not set. Never set together with <see cref="Refresh"/>.</param>
/// <param name="Restart">The restart policy; null when not set (the global default, <c>auto</c>, applies).</param>
/// <param name="ForceSync">The <c>syncer.io/force-sync</c> token; a new value asks for a sync at once from a fresh read.</param>
internal sealed record SyncSpec(
    string Namespace,
    VaultSource? Path,
    IReadOnlyList<KeyMapping> Keys,
    int? Version,
    TimeSpan? Refresh,
    string? Schedule,
    RestartPolicy? Restart,
    string? ForceSync)
{
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
