namespace Syncer.Doubles.Kubernetes;

/// <summary>One request as the Kubernetes double received it.</summary>
public sealed record LoggedRequest(string Method, string Path, string Query, string Accept)
{
    public bool IsWatch => Query.Contains("watch=true", StringComparison.Ordinal) || Query.Contains("watch=1", StringComparison.Ordinal);
}
