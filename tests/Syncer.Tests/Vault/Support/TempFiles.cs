namespace Syncer.Tests.Vault.Support;

/// <summary>A temporary folder for credential files (JWT, role_id, secret_id, token), removed on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("syncer-vault-").FullName;

    public string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
