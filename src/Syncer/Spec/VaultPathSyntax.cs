namespace Syncer.Spec;

/// <summary>
/// Checks a Vault path written as <c>vault kv get</c> takes it: <c>&lt;mount&gt;/&lt;path&gt;</c>. Hand-written: no
/// package validates Vault paths, and the rules are the few that keep a path unambiguous and policy-checkable.
/// </summary>
internal static class VaultPathSyntax
{
    private static readonly char[] s_forbidden = ['#', '?', '*', '+', '\\', '%', '"', '\''];

    /// <summary>Returns null when <paramref name="path"/> is a usable path, else why not.</summary>
    public static string? Check(string path)
    {
        if (path.Length == 0)
        {
            return "is empty; expected <mount>/<path>, e.g. secret/shop/db";
        }

        if (path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "contains whitespace or a control character";
        }

        if (path.StartsWith("v1/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return "is an HTTP API path; write it as `vault kv get` takes it, without v1/ (e.g. secret/shop/db)";
        }

        if (path[0] == '/')
        {
            return "starts with '/'; write <mount>/<path> without a leading slash (e.g. secret/shop/db)";
        }

        if (path[^1] == '/')
        {
            return "ends with '/'; name a secret, not a folder";
        }

        var bad = path.IndexOfAny(s_forbidden);
        if (bad >= 0)
        {
            return path[bad] == '#'
                ? "contains '#'; a property belongs in syncer.io/keys (key=<mount>/<path>#property)"
                : $"contains '{path[bad]}', which is not allowed in a Vault path here";
        }

        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return "has an empty segment ('//')";
        }

        if (segments.Any(s => s is "." or ".."))
        {
            return "has a '.' or '..' segment";
        }

        return segments.Length < 2 ? "needs a mount and a path (<mount>/<path>, e.g. secret/shop/db)" : null;
    }
}
