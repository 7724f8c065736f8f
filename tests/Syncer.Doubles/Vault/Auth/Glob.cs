namespace Syncer.Doubles.Vault.Auth;

/// <summary>go-secure-stdlib strutil.StrListContainsGlob: an entry matches exactly, or with one '*' at its start and/or end.</summary>
internal static class Glob
{
    public static bool AnyMatches(IEnumerable<string> patterns, string value) => patterns.Any(p => Matches(p, value));

    private static bool Matches(string pattern, string value) => pattern switch
    {
        "*" => true,
        _ when pattern.Length > 1 && pattern[0] == '*' && pattern[^1] == '*' => value.Contains(pattern[1..^1], StringComparison.Ordinal),
        _ when pattern.EndsWith('*') => value.StartsWith(pattern[..^1], StringComparison.Ordinal),
        _ when pattern.StartsWith('*') => value.EndsWith(pattern[1..], StringComparison.Ordinal),
        _ => pattern == value,
    };
}
