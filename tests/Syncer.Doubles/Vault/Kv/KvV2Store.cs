using System.Text.Json.Nodes;
using Syncer.Doubles.Vault.Wire;

namespace Syncer.Doubles.Vault.Kv;

/// <summary>KV v2 state changes shared by the HTTP handlers and the seeding hooks (KVP:path_data.go, path_delete.go).</summary>
internal static class KvV2Store
{
    private const int DefaultMaxVersions = 10;

    public static (KvSecret Secret, int Version) Write(KvMount mount, string key, JsonObject data, DateTimeOffset now)
    {
        if (!mount.Secrets.TryGetValue(key, out var secret))
        {
            secret = new KvSecret { CreatedTime = now };
            mount.Secrets[key] = secret;
        }

        var version = secret.CurrentVersion + 1;
        var deleteAfter = secret.DeleteVersionAfter > TimeSpan.Zero ? secret.DeleteVersionAfter : mount.DeleteVersionAfter;
        secret.Versions[version] = new KvVersion
        {
            CreatedTime = now,
            Data = data,
            DeletionTime = deleteAfter > TimeSpan.Zero ? now + deleteAfter : null,
        };
        secret.CurrentVersion = version;
        secret.UpdatedTime = now;

        var max = secret.MaxVersions > 0 ? secret.MaxVersions : mount.MaxVersions > 0 ? mount.MaxVersions : DefaultMaxVersions;
        while (secret.Versions.Count > max)
        {
            secret.Versions.Remove(secret.Versions.Keys.First());
            secret.OldestVersion = secret.Versions.Keys.First();
        }

        return (secret, version);
    }

    /// <summary>Soft delete: versions not destroyed and not already deleted in the past get deletion_time = now.</summary>
    public static void Delete(KvMount mount, string key, IEnumerable<int> versions, DateTimeOffset now)
    {
        foreach (var v in Existing(mount, key, versions))
        {
            if (!v.Destroyed && !v.IsDeleted(now))
            {
                v.DeletionTime = now;
            }
        }
    }

    public static void Undelete(KvMount mount, string key, IEnumerable<int> versions)
    {
        foreach (var v in Existing(mount, key, versions).Where(v => !v.Destroyed))
        {
            v.DeletionTime = null;
        }
    }

    public static void Destroy(KvMount mount, string key, IEnumerable<int> versions)
    {
        foreach (var v in Existing(mount, key, versions))
        {
            v.Destroyed = true;
            v.Data = null;
        }
    }

    /// <summary>The per-version metadata object of data reads and writes (keys sorted as Go marshals a map).</summary>
    public static JsonObject VersionMetadata(KvSecret secret, KvVersion version, int number) => VaultJson.SortedObject(
        ("created_time", VaultJson.Time(version.CreatedTime)),
        ("custom_metadata", VaultJson.StringMap(secret.CustomMetadata)),
        ("deletion_time", VaultJson.TimeOrEmpty(version.DeletionTime)),
        ("destroyed", version.Destroyed),
        ("version", number));

    private static IEnumerable<KvVersion> Existing(KvMount mount, string key, IEnumerable<int> versions) =>
        mount.Secrets.TryGetValue(key, out var secret)
            ? versions.Select(n => secret.Versions.GetValueOrDefault(n)).OfType<KvVersion>().ToList()
            : [];
}
