namespace Syncer.Spec;

/// <summary>Parses <c>syncer.io/restart</c>: <c>auto</c>, <c>none</c>, or <c>deployment/web,statefulset/db</c>.</summary>
internal static class RestartSyntax
{
    private const string Key = SyncAnnotations.Restart;

    private static readonly string[] s_kinds = ["deployment", "statefulset", "daemonset"];

    public static RestartPolicy? Parse(string value, List<SpecError> errors)
    {
        switch (value.ToLowerInvariant())
        {
            case "auto":
                return RestartPolicy.Auto;
            case "none":
                return RestartPolicy.None;
            case "":
                errors.Add(SpecError.For(Key, value, "is empty; expected auto, none, or kind/name[,kind/name...]"));
                return null;
            case "true" or "false" or "yes" or "no":
                errors.Add(SpecError.For(Key, value, "on a Secret takes auto or none (or a kind/name list), not a boolean"));
                return null;
        }

        var targets = new List<WorkloadRef>();
        var before = errors.Count;
        var entries = value.Split(',');
        for (var n = 0; n < entries.Length; n++)
        {
            var entry = entries[n].Trim();
            var target = ParseEntry(entry, n, value, errors);
            if (target is null)
            {
                continue;
            }

            if (targets.Contains(target))
            {
                errors.Add(SpecError.For(Key, value, $"lists {target} more than once"));
                continue;
            }

            targets.Add(target);
        }

        return errors.Count == before ? new RestartPolicy(RestartMode.Explicit, targets) : null;
    }

    private static WorkloadRef? ParseEntry(string entry, int n, string value, List<SpecError> errors)
    {
        string? problem = null;
        var parts = entry.Split('/');
        if (entry.Length == 0)
        {
            problem = $"entry {n + 1} is empty (a stray comma?)";
        }
        else if (entry.ToLowerInvariant() is "auto" or "none")
        {
            problem = $"'{entry}' cannot be combined with a list of workloads";
        }
        else if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            problem = $"entry '{entry}' is not kind/name (e.g. deployment/web)";
        }
        else if (!s_kinds.Contains(parts[0].ToLowerInvariant()))
        {
            problem = $"kind '{parts[0]}' is not one of deployment, statefulset, daemonset";
        }
        else if (!IsDns1123Subdomain(parts[1]))
        {
            problem = $"'{parts[1]}' is not a valid workload name (lower-case letters, digits, '-' and '.')";
        }

        if (problem is not null)
        {
            errors.Add(SpecError.For(Key, value, problem));
            return null;
        }

        return new WorkloadRef(parts[0].ToLowerInvariant(), parts[1]);
    }

    private static bool IsDns1123Subdomain(string name) =>
        name.Length <= 253
        && name.Split('.').All(label =>
            label.Length is > 0 and <= 63
            && (char.IsAsciiLetterLower(label[0]) || char.IsAsciiDigit(label[0]))
            && (char.IsAsciiLetterLower(label[^1]) || char.IsAsciiDigit(label[^1]))
            && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
}
