using Microsoft.Extensions.Options;

namespace Syncer.Scheduling;

/// <summary>Rules of <see cref="SchedulingOptions"/> that span fields; messages name the configuration keys.</summary>
internal sealed class SchedulingOptionsRules : IValidateOptions<SchedulingOptions>
{
    private const string Section = SchedulingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            builder.AddError(
                $"{Section}:{nameof(SchedulingOptions.RetryMaxDelay)} ({options.RetryMaxDelay}) must not be shorter than " +
                $"{Section}:{nameof(SchedulingOptions.RetryInitialDelay)} ({options.RetryInitialDelay}).");
        }

        return builder.Build();
    }
}
