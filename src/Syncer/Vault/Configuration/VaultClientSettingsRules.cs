using Microsoft.Extensions.Options;

namespace Syncer.Vault.Configuration;

/// <summary>Cross-field rules on <see cref="VaultClientSettings"/>; each failure names the configuration key.</summary>
internal sealed class VaultClientSettingsRules : IValidateOptions<VaultClientSettings>
{
    public ValidateOptionsResult Validate(string? name, VaultClientSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.Address is { } address &&
            (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Vault:Address must be an absolute http(s) URL (VAULT_ADDR); got '{address}'.");
        }

        if ((options.ClientCertificatePath is null) != (options.ClientKeyPath is null))
        {
            failures.Add("Vault:ClientCertificatePath and Vault:ClientKeyPath must be set together.");
        }

        if (options.Retry.MinWait > options.Retry.MaxWait)
        {
            failures.Add("Vault:Retry:MinWait must not exceed Vault:Retry:MaxWait.");
        }

        foreach (var (mount, version) in options.KvVersions)
        {
            if (version is not (1 or 2))
            {
                failures.Add($"Vault:KvVersions:{mount} must be 1 or 2; got {version}.");
            }
        }

        var auth = options.Auth;
        switch (auth.Method)
        {
            case VaultAuthMethods.Token when string.IsNullOrWhiteSpace(auth.Token) && string.IsNullOrWhiteSpace(auth.TokenFile):
                failures.Add("Vault:Auth:Method 'token' needs Vault:Auth:Token (or VAULT_TOKEN) or Vault:Auth:TokenFile.");
                break;
            case VaultAuthMethods.Kubernetes when string.IsNullOrWhiteSpace(auth.Role):
                failures.Add("Vault:Auth:Method 'kubernetes' needs Vault:Auth:Role.");
                break;
            case VaultAuthMethods.AppRole when string.IsNullOrWhiteSpace(auth.RoleIdFile) || string.IsNullOrWhiteSpace(auth.SecretIdFile):
                failures.Add("Vault:Auth:Method 'approle' needs Vault:Auth:RoleIdFile and Vault:Auth:SecretIdFile.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
