using System.Globalization;
using Microsoft.Extensions.Options;

namespace Syncer.Spec;

/// <summary>
/// The one parse of a Secret's annotations: a <see cref="SyncSpec"/> with every default resolved (interval, read
/// window, restart), or every specific problem found (each naming the annotation and its value). Values are trimmed
/// first. Plain and thread-safe.
/// </summary>
internal sealed class SyncSpecParser(IOptions<SpecOptions> options, TimeProvider timeProvider)
{
    private readonly SpecOptions _options = options.Value;

    public SpecParseResult Parse(IReadOnlyDictionary<string, string>? annotations, string @namespace)
    {
        annotations ??= new Dictionary<string, string>();
        var errors = new List<SpecError>();

        foreach (var key in annotations.Keys.Where(IsUnknownSyncerKey).Order(StringComparer.Ordinal))
        {
            errors.Add(SpecError.For(key, annotations[key] ?? "",
                $"unknown annotation; known ones are {string.Join(", ", SyncAnnotations.UserKeys.Order(StringComparer.Ordinal))}"));
        }

        var pathValue = Get(annotations, SyncAnnotations.Path);
        var keysValue = Get(annotations, SyncAnnotations.Keys);
        var version = ParseVersion(Get(annotations, SyncAnnotations.Version), pathValue is not null, errors);

        VaultSource? path = null;
        if (pathValue is not null)
        {
            if (VaultPathSyntax.Check(pathValue) is { } problem)
            {
                errors.Add(SpecError.For(SyncAnnotations.Path, pathValue, problem));
            }
            else
            {
                path = new VaultSource(pathValue, version);
            }
        }
        else if (keysValue is null)
        {
            errors.Add(new SpecError(SyncAnnotations.Path,
                $"{SyncAnnotations.Path}: neither {SyncAnnotations.Path} nor {SyncAnnotations.Keys} is set; set {SyncAnnotations.Path} to <mount>/<path> (e.g. secret/shop/db)"));
        }

        var keys = keysValue is null ? [] : KeysSyntax.Parse(keysValue, path, pathValue is not null, errors);
        var sourceCount = keys.Count == 0 ? 1 : keys.Select(k => k.Source).Distinct().Count(); // as SyncSpec.Sources counts
        if (sourceCount > _options.MaxSources)
        {
            errors.Add(SpecError.For(SyncAnnotations.Keys, keysValue ?? "",
                $"names {sourceCount} Vault paths, more than the {_options.MaxSources} one Secret may read ({SpecOptions.SectionName}:{nameof(SpecOptions.MaxSources)}); split it into several Secrets"));
        }

        var interval = ParseRefresh(Get(annotations, SyncAnnotations.Refresh), errors) ?? _options.DefaultRefresh;
        var schedule = Get(annotations, SyncAnnotations.Schedule);
        if (schedule is not null)
        {
            if (annotations.ContainsKey(SyncAnnotations.Refresh))
            {
                errors.Add(SpecError.For(SyncAnnotations.Schedule, schedule, $"is set together with {SyncAnnotations.Refresh}; keep one of them"));
            }
            else if (CronSyntax.Check(schedule, _options.MinimumRefresh, timeProvider.GetUtcNow(), out var gap) is { } problem)
            {
                errors.Add(SpecError.For(SyncAnnotations.Schedule, schedule, problem));
            }
            else
            {
                interval = gap ?? _options.DefaultRefresh;
            }
        }

        var restartValue = Get(annotations, SyncAnnotations.Restart) ?? _options.DefaultRestart;
        var restart = RestartSyntax.Parse(restartValue, errors);

        if (errors.Count > 0)
        {
            return SpecParseResult.Invalid(errors, _options.DefaultRefresh, restart);
        }

        var forceSync = annotations.TryGetValue(SyncAnnotations.ForceSync, out var token) ? token : null;
        return SpecParseResult.Valid(new SyncSpec(@namespace, path, keys, version, interval, schedule, restart!, forceSync, _options.MinimumRefresh));
    }

    private static string? Get(IReadOnlyDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var value) ? (value ?? "").Trim() : null;

    private static bool IsUnknownSyncerKey(string key) =>
        key.StartsWith(SyncAnnotations.Prefix, StringComparison.Ordinal)
        && !SyncAnnotations.UserKeys.Contains(key)
        && !SyncAnnotations.StatusKeys.Contains(key)
        && key != SyncAnnotations.Enabled;

    private static int? ParseVersion(string? value, bool pathGiven, List<SpecError> errors)
    {
        if (value is null)
        {
            return null;
        }

        string? problem = null;
        if (!pathGiven)
        {
            problem = $"pins the version of {SyncAnnotations.Path}, which is not set";
        }
        else if (value.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            problem = "is not a number; remove the annotation to read the latest version";
        }
        else if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                problem = "is too large for a KV version";
            }
            else if (version == 0)
            {
                problem = "must be 1 or more (KV v2 versions start at 1)";
            }
            else
            {
                return version;
            }
        }
        else
        {
            problem = "is not a positive whole number (a KV v2 version, e.g. 7)";
        }

        errors.Add(SpecError.For(SyncAnnotations.Version, value, problem));
        return null;
    }

    private TimeSpan? ParseRefresh(string? value, List<SpecError> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DurationSyntax.TryParse(value, out var refresh) is { } problem)
        {
            errors.Add(SpecError.For(SyncAnnotations.Refresh, value, problem));
            return null;
        }

        if (refresh < _options.MinimumRefresh)
        {
            errors.Add(SpecError.For(SyncAnnotations.Refresh, value,
                $"is below the minimum refresh of {DurationSyntax.Format(_options.MinimumRefresh)}"));
            return null;
        }

        return refresh;
    }
}
