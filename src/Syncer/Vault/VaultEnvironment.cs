using System.Globalization;
using Syncer.Vault.Configuration;

namespace Syncer.Vault;

/// <summary>
/// The Vault CLI's variables, used where the configuration section is silent: <c>VAULT_ADDR</c>,
/// <c>VAULT_NAMESPACE</c>, <c>VAULT_CACERT</c>, <c>VAULT_TLS_SERVER_NAME</c>, <c>VAULT_TOKEN</c> (token method only)
/// and <c>VAULT_RATE_LIMIT</c> ("rate" or "rate:burst").
/// </summary>
internal static class VaultEnvironment
{
    public const string TokenVariable = "VAULT_TOKEN";

    public static void Apply(VaultClientSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Address ??= Value(environment, "VAULT_ADDR");
        settings.Namespace ??= Value(environment, "VAULT_NAMESPACE");
        settings.CaCertPath ??= Value(environment, "VAULT_CACERT");
        settings.TlsServerName ??= Value(environment, "VAULT_TLS_SERVER_NAME");
        if (settings.Auth.Method == VaultAuthMethods.Token && settings.Auth.Token is null && settings.Auth.TokenFile is null &&
            Value(environment, TokenVariable) is { } token)
        {
            settings.Auth.Token = token;
            settings.Auth.TokenVariable = TokenVariable; // the token method reads the variable again at each login
        }

        if (settings.RateLimit.RequestsPerSecond is null && Value(environment, "VAULT_RATE_LIMIT") is { } limit)
        {
            var parts = limit.Split(':', 2);
            if (double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                settings.RateLimit.RequestsPerSecond = rate;
                settings.RateLimit.Burst ??= parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var burst)
                    ? burst
                    : Math.Max(1, (int)rate); // the Go client: burst = int(rate)
            }
        }
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value : null;
}
