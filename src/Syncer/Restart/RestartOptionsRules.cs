using Microsoft.Extensions.Options;

namespace Syncer.Restart;

/// <summary>Rules of <see cref="RestartOptions"/> that span fields; messages name the configuration keys.</summary>
internal sealed class RestartOptionsRules : IValidateOptions<RestartOptions>
{
    private const string Section = RestartOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RestartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            builder.AddError(
                $"{Section}:{nameof(RestartOptions.RetryMaxDelay)} ({options.RetryMaxDelay}) must not be shorter than " +
                $"{Section}:{nameof(RestartOptions.RetryInitialDelay)} ({options.RetryInitialDelay}).");
        }

        return builder.Build();
    }
}
