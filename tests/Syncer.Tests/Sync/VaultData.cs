using System.Text.Json;
using Syncer.Vault;

namespace Syncer.Tests.Sync;

/// <summary>Builds <see cref="KeyValueSecret"/>s from JSON text, the way Vault sends data.</summary>
internal static class VaultData
{
    public static KeyValueSecret Secret(string mount, string path, int? version, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var data = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        return new KeyValueSecret(mount, path, version, data);
    }
}
