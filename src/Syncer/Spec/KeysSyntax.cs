namespace Syncer.Spec;

/// <summary>
/// Parses <c>syncer.io/keys</c>: comma-separated <c>secretKey=source</c>, where source is a property of
/// <c>syncer.io/path</c> or <c>&lt;mount&gt;/&lt;path&gt;#property</c>; a property may be dotted (<c>db.password</c>).
/// </summary>
internal static class KeysSyntax
{
    private const string Key = SyncAnnotations.Keys;

    /// <param name="value">The annotation value, trimmed.</param>
    /// <param name="path">The <c>syncer.io/path</c> source (with its pinned version), or null when not set or invalid.</param>
    /// <param name="pathGiven">True when <c>syncer.io/path</c> is present, even if invalid (avoids a second error).</param>
    public static IReadOnlyList<KeyMapping> Parse(string value, VaultSource? path, bool pathGiven, List<SpecError> errors)
    {
        var mappings = new List<KeyMapping>();
        if (value.Length == 0)
        {
            errors.Add(SpecError.For(Key, value, "is empty; expected secretKey=source[,secretKey=source...]"));
            return mappings;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = value.Split(',');
        for (var n = 0; n < entries.Length; n++)
        {
            var entry = entries[n].Trim();
            if (entry.Length == 0)
            {
                errors.Add(SpecError.For(Key, value, $"entry {n + 1} is empty (a stray comma?)"));
                continue;
            }

            var mapping = ParseEntry(entry, value, path, pathGiven, errors);
            if (mapping is null)
            {
                continue;
            }

            if (!seen.Add(mapping.SecretKey))
            {
                errors.Add(SpecError.For(Key, value, $"Secret key '{mapping.SecretKey}' is mapped more than once"));
                continue;
            }

            mappings.Add(mapping);
        }

        return mappings;
    }

    private static KeyMapping? ParseEntry(string entry, string value, VaultSource? path, bool pathGiven, List<SpecError> errors)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return Fail(errors, value, $"entry '{entry}' is not secretKey=source");
        }

        if (entry.IndexOf('=', eq + 1) >= 0)
        {
            return Fail(errors, value, $"entry '{entry}' has more than one '='");
        }

        var secretKey = entry[..eq].Trim();
        var source = entry[(eq + 1)..].Trim();
        if (secretKey.Length == 0)
        {
            return Fail(errors, value, $"entry '{entry}' has no Secret key before '='");
        }

        if (source.Length == 0)
        {
            return Fail(errors, value, $"entry '{entry}' has no source after '='");
        }

        if (!SecretKeySyntax.IsValid(secretKey))
        {
            return Fail(errors, value, $"'{secretKey}' is not a valid Secret key; {SecretKeySyntax.Rule}");
        }

        var hash = source.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            if (source.Contains('/', StringComparison.Ordinal))
            {
                return Fail(errors, value, $"source '{source}' names a path but no property; write <mount>/<path>#property");
            }

            if (path is null)
            {
                return pathGiven ? null : Fail(errors, value,
                    $"source '{source}' is a property of syncer.io/path, which is not set; set it or write <mount>/<path>#{source}");
            }

            return CheckProperty(source, source, value, errors) ? new KeyMapping(secretKey, path, source) : null;
        }

        var sourcePath = source[..hash];
        var property = source[(hash + 1)..];
        if (property.Contains('#', StringComparison.Ordinal))
        {
            return Fail(errors, value, $"source '{source}' has more than one '#'");
        }

        if (VaultPathSyntax.Check(sourcePath) is { } problem)
        {
            return Fail(errors, value, $"source '{source}': path '{sourcePath}' {problem}");
        }

        if (!CheckProperty(property, source, value, errors))
        {
            return null;
        }

        // The same path as syncer.io/path shares its pinned version (and so its read).
        var vaultSource = path is not null && path.FullPath == sourcePath ? path : new VaultSource(sourcePath, null);
        return new KeyMapping(secretKey, vaultSource, property);
    }

    private static bool CheckProperty(string property, string source, string value, List<SpecError> errors)
    {
        if (property.Length == 0)
        {
            Fail(errors, value, $"source '{source}' has no property after '#'");
            return false;
        }

        if (property.Split('.').Any(s => s.Length == 0))
        {
            Fail(errors, value, $"property '{property}' has an empty segment (dotted properties look like db.password)");
            return false;
        }

        return true;
    }

    private static KeyMapping? Fail(List<SpecError> errors, string value, string explanation)
    {
        errors.Add(SpecError.For(Key, value, explanation));
        return null;
    }
}
