using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Syncer.Spec;

namespace Syncer.Tests.Spec;

internal static class SpecTestParser
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static SyncSpecParser Create(SpecOptions? options = null) =>
        new(Options.Create(options ?? new SpecOptions()), new FakeTimeProvider(Now));

    /// <summary>Annotations from alternating key, value pairs.</summary>
    public static Dictionary<string, string> Annotations(params string[] pairs)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            annotations[pairs[i]] = pairs[i + 1];
        }

        return annotations;
    }
}
