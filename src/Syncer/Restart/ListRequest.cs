namespace Syncer.Restart;

/// <summary>The query of one list or watch request of a workload kind (a continue token, or a watch from a resourceVersion).</summary>
internal sealed record ListRequest(string? Continue = null, int? Limit = null, string? ResourceVersion = null, int? TimeoutSeconds = null, bool? Watch = null);
