using Microsoft.Extensions.Options;

namespace Syncer.Vault.Configuration;

/// <summary>DataAnnotations on <see cref="VaultClientSettings"/>, checked by generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class VaultClientSettingsValidator : IValidateOptions<VaultClientSettings>;
