namespace Syncer.Doubles.Vault.Acl;

/// <summary>
/// One ACL path pattern: exact, a trailing "*" (prefix glob) and "+" (exactly one segment), with Vault's priority
/// rules for choosing among several matching patterns (DOCS concepts/policies.mdx "Priority matching").
/// </summary>
internal sealed class AclPattern(string pattern)
{
    public string Pattern { get; } = pattern;

    private bool IsGlob => Pattern.EndsWith('*');

    private string Body => IsGlob ? Pattern[..^1] : Pattern;

    private int FirstWildcard
    {
        get
        {
            var plus = Pattern.IndexOf('+', StringComparison.Ordinal);
            var star = IsGlob ? Pattern.Length - 1 : -1;
            return plus < 0 ? (star < 0 ? int.MaxValue : star) : (star < 0 ? plus : Math.Min(plus, star));
        }
    }

    private int PlusCount => Pattern.Count(c => c == '+');

    public bool Matches(string path)
    {
        var patternParts = Body.Split('/');
        var pathParts = path.Split('/');
        if (!IsGlob && patternParts.Length != pathParts.Length)
        {
            return false;
        }

        if (patternParts.Length > pathParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            var last = i == patternParts.Length - 1;
            if (patternParts[i] == "+")
            {
                continue;
            }

            // With a trailing glob the last pattern segment is a prefix of the path segment and the rest is free.
            var ok = IsGlob && last
                ? pathParts[i].StartsWith(patternParts[i], StringComparison.Ordinal)
                : pathParts[i] == patternParts[i];
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when this pattern wins over <paramref name="other"/> for a path both match.</summary>
    public bool OutranksOrEquals(AclPattern other)
    {
        var exact = !IsGlob && PlusCount == 0;
        var otherExact = !other.IsGlob && other.PlusCount == 0;
        if (exact != otherExact)
        {
            return exact;
        }

        if (FirstWildcard != other.FirstWildcard)
        {
            return FirstWildcard > other.FirstWildcard;
        }

        if (IsGlob != other.IsGlob)
        {
            return !IsGlob;
        }

        if (PlusCount != other.PlusCount)
        {
            return PlusCount < other.PlusCount;
        }

        if (Pattern.Length != other.Pattern.Length)
        {
            return Pattern.Length > other.Pattern.Length;
        }

        return string.CompareOrdinal(Pattern, other.Pattern) >= 0;
    }
}
