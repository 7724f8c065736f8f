namespace Syncer.Policy;

/// <summary>A namespace name, exact or with <c>*</c> wildcards matching any run of characters.</summary>
internal sealed class NamespacePattern(string pattern)
{
    public override string ToString() => pattern;

    public bool Matches(string @namespace) => Match(pattern.AsSpan(), @namespace.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (!pattern.IsEmpty && pattern[0] != '*')
        {
            if (text.IsEmpty || text[0] != pattern[0])
            {
                return false;
            }

            pattern = pattern[1..];
            text = text[1..];
        }

        if (pattern.IsEmpty)
        {
            return text.IsEmpty;
        }

        // pattern[0] == '*': try every split (patterns are short; namespaces at most 63 characters).
        for (var i = 0; i <= text.Length; i++)
        {
            if (Match(pattern[1..], text[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
