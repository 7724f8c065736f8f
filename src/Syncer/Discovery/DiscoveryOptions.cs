using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace Syncer.Discovery;

/// <summary>How Syncer lists and watches labeled Secrets. Section <c>Syncer:Discovery</c>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = Hosting.TrimSafety.OptionsAttributes)]
internal sealed class DiscoveryOptions
{
    public const string SectionName = "Syncer:Discovery";

    /// <summary>Namespaces to list and watch, one list+watch each. Empty (the default) means every namespace.</summary>
    public IList<string> WatchNamespaces { get; set; } = [];

    /// <summary>
    /// Server-side timeout asked for each watch (<c>timeoutSeconds</c>); the informer then resumes from the last
    /// resourceVersion it saw. Default 5 minutes (client-go picks 5 to 10).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Secrets per list page (<c>limit</c>). Default 500, as client-go's pager.</summary>
    [Range(1, 10_000)]
    public int ListPageSize { get; set; } = 500;

    /// <summary>First delay before retrying a failed list or watch. Default 1 second; doubles up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between retries of a failing list or watch. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The list+watch scopes: each configured namespace once, or a single null for every namespace.</summary>
    public IReadOnlyList<string?> Scopes() =>
        WatchNamespaces.Count == 0 ? [null] : [.. WatchNamespaces.Distinct(StringComparer.Ordinal)];
}
