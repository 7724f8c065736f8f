namespace Syncer.Vault;

/// <summary>Vault path helpers: trims slashes and escapes each segment for the URL, keeping the "/" separators.</summary>
internal static class VaultPaths
{
    public static string Escape(string path) =>
        string.Join('/', path.Trim('/').Split('/').Select(Uri.EscapeDataString));

    public static string Join(string mount, string middle, string path) =>
        $"{Escape(mount)}/{middle}/{Escape(path)}";
}
