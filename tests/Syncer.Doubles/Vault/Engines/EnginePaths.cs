using System.Text.RegularExpressions;

namespace Syncer.Doubles.Vault.Engines;

/// <summary>Splitting the path after a mount the way the engines' framework patterns do.</summary>
internal static partial class EnginePaths
{
    /// <summary>"creds/readonly" becomes ("creds", "readonly"); "roles" and "roles/" become ("roles", "").</summary>
    public static (string Head, string Name) Split(string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>framework.GenericNameRegex: a word character, optionally word characters, dots and dashes, ending in a word character.</summary>
    public static bool IsGenericName(string name) => GenericName().IsMatch(name);

    [GeneratedRegex(@"^\w(([\w.-]+)?\w)?$")]
    private static partial Regex GenericName();
}
