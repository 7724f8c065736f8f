namespace Syncer.Policy;

/// <summary>
/// A Vault-ACL-style path pattern: <c>+</c> matches exactly one segment, a trailing <c>*</c> matches any rest
/// (across segments), <c>{namespace}</c> is replaced by the Secret's namespace before matching. Hand-written: the
/// matching rules are Vault's, and no package here implements them.
/// </summary>
internal sealed class VaultPathPattern
{
    public const string NamespacePlaceholder = "{namespace}";

    private readonly string _template;

    public VaultPathPattern(string template)
    {
        if (Check(template) is { } problem)
        {
            throw new ArgumentException($"Vault path pattern \"{template}\" {problem}.", nameof(template));
        }

        _template = template;
    }

    public override string ToString() => _template;

    /// <summary>Null when <paramref name="pattern"/> is well formed, else why not.</summary>
    public static string? Check(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "is empty";
        }

        if (pattern[0] == '/')
        {
            return "starts with '/'; write <mount>/<path> as vault kv get takes it";
        }

        if (pattern.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != pattern.Length - 1)
        {
            return "has '*' before the end; '*' is only allowed as the last character";
        }

        var segments = pattern.TrimEnd('*').Split('/');
        if (segments.Take(segments.Length - 1).Any(s => s.Length == 0))
        {
            return "has an empty segment";
        }

        return segments.Any(s => s.Contains('+', StringComparison.Ordinal) && s != "+")
            ? "uses '+' inside a segment; '+' must be a whole segment"
            : null;
    }

    /// <summary>Does <paramref name="fullPath"/> (<c>secret/shop/db</c>) match this pattern for <paramref name="namespace"/>?</summary>
    public bool Matches(string @namespace, string fullPath)
    {
        var pattern = _template.Replace(NamespacePlaceholder, @namespace, StringComparison.Ordinal);
        var glob = pattern.EndsWith('*');
        var patternSegments = (glob ? pattern[..^1] : pattern).Split('/');
        var pathSegments = fullPath.Split('/');
        if (pathSegments.Any(s => s is "" or "." or ".."))
        {
            return false; // never let an odd path slip through a prefix match
        }

        if (glob ? pathSegments.Length < patternSegments.Length : pathSegments.Length != patternSegments.Length)
        {
            return false;
        }

        for (var i = 0; i < patternSegments.Length; i++)
        {
            var last = glob && i == patternSegments.Length - 1;
            var expected = patternSegments[i];
            var matched = expected == "+"
                || (last ? pathSegments[i].StartsWith(expected, StringComparison.Ordinal) : pathSegments[i] == expected);
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }
}
