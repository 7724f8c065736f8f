using Microsoft.Extensions.Options;

namespace Syncer.Spec;

/// <summary>Cross-field rules of <see cref="SpecOptions"/>; messages name the configuration keys.</summary>
internal sealed class SpecOptionsRules : IValidateOptions<SpecOptions>
{
    public ValidateOptionsResult Validate(string? name, SpecOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DefaultRefresh < options.MinimumRefresh
            ? ValidateOptionsResult.Fail(
                $"{SpecOptions.SectionName}:DefaultRefresh ({DurationSyntax.Format(options.DefaultRefresh)}) is below " +
                $"{SpecOptions.SectionName}:MinimumRefresh ({DurationSyntax.Format(options.MinimumRefresh)}).")
            : ValidateOptionsResult.Success;
    }
}
