using Microsoft.Extensions.Options;
using Syncer.Spec;

namespace Syncer.Sync;

/// <summary>Cross-field rules of <see cref="SyncOptions"/>.</summary>
internal sealed class SyncOptionsRefreshValidator : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DefaultRefresh < options.MinimumRefresh
            ? ValidateOptionsResult.Fail(
                $"{SyncOptions.SectionName}:DefaultRefresh ({DurationSyntax.Format(options.DefaultRefresh)}) is below " +
                $"{SyncOptions.SectionName}:MinimumRefresh ({DurationSyntax.Format(options.MinimumRefresh)}).")
            : ValidateOptionsResult.Success;
    }
}
