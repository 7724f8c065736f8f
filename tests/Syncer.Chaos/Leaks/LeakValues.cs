using System.Globalization;

namespace Syncer.Chaos.Leaks;

/// <summary>
/// Secret values for Vault that are unique and greppable in every form they could leak in: each carries a marker
/// (<see cref="Marker"/> and 12 hex digits of its own) and characters that JSON escapes (a quote, a backslash,
/// <c>&lt;</c>, a non-ASCII letter), so its raw, JSON-escaped and base64 forms all differ. Thread-safe.
/// </summary>
public sealed class LeakValues(Random random)
{
    public const string Marker = "SYNCERLEAK";

    private readonly Lock _lock = new();
    private readonly List<string> _issued = [];

    /// <summary>Every value handed out so far.</summary>
    public IReadOnlyList<string> Issued
    {
        get { lock (_lock) { return [.. _issued]; } }
    }

    /// <summary>A new value, e.g. <c>password-"\&lt;é&gt;+SYNCERLEAK0f3a9c1d2b7e</c>.</summary>
    public string Next(string hint)
    {
        lock (_lock)
        {
            var id = random.NextInt64(0, 1L << 48).ToString("x12", CultureInfo.InvariantCulture);
            var value = $"{hint}-\"\\<é>+{Marker}{id}";
            _issued.Add(value);
            return value;
        }
    }
}
