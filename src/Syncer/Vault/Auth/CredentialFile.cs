namespace Syncer.Vault.Auth;

/// <summary>Reads a one-line credential file (token, JWT, role_id, secret_id); the error names the file, never its content.</summary>
internal static class CredentialFile
{
    public static async Task<string> ReadAsync(string path, string what, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot read the Vault {what} file '{path}': {e.GetType().Name}.", e);
        }

        var value = text.Trim();
        return value.Length > 0 ? value : throw new InvalidOperationException($"The Vault {what} file '{path}' is empty.");
    }
}
