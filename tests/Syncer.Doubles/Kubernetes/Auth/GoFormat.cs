using System.Text.Json;

namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>Go's %q of a []string, as the API server's messages print audiences: ["a" "b"].</summary>
internal static class GoFormat
{
    public static string QuoteList(IEnumerable<string> values) => $"[{string.Join(' ', values.Select(v => JsonSerializer.Serialize(v)))}]";
}
