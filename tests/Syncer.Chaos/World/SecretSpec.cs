namespace Syncer.Chaos.World;

/// <summary>
/// One labeled Secret of the run and where its values come from: a whole Vault path (<see cref="WholePath"/>), or
/// keys mapped from properties of one or more paths (<see cref="Mapping"/>: Secret key to (path, property)).
/// </summary>
public sealed record SecretSpec(string Namespace, string Name, string? WholePath, IReadOnlyDictionary<string, (string Path, string Property)> Mapping, int RefreshSeconds)
{
    public string Key => $"{Namespace}/{Name}";

    /// <summary>The Vault paths (mount/path) the Secret reads.</summary>
    public IEnumerable<string> Sources => WholePath is { } path ? [path] : Mapping.Values.Select(m => m.Path).Distinct(StringComparer.Ordinal);

    /// <summary>The annotations a user writes for it.</summary>
    public Dictionary<string, string> Annotations()
    {
        var annotations = new Dictionary<string, string> { [Contract.Refresh] = $"{RefreshSeconds}s" };
        if (WholePath is { } path)
        {
            annotations[Contract.Path] = path;
        }
        else
        {
            annotations[Contract.Keys] = string.Join(",", Mapping.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.Path}#{m.Value.Property}"));
        }

        return annotations;
    }
}
