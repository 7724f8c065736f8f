using System.Diagnostics.CodeAnalysis;

namespace Syncer.Spec;

/// <summary>Either a valid <see cref="SyncSpec"/> or the list of everything wrong with the annotations.</summary>
internal sealed class SpecParseResult
{
    private SpecParseResult(SyncSpec? spec, IReadOnlyList<SpecError> errors, TimeSpan interval, RestartPolicy? restart)
    {
        Spec = spec;
        Errors = errors;
        Interval = interval;
        Restart = restart;
    }

    public SyncSpec? Spec { get; }

    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>The spec's interval; for invalid annotations the default refresh, so the Secret is tried again and heals once fixed.</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// The restart policy, also when another annotation is invalid (a typo in <c>refresh</c> must not hold back the
    /// rollouts of data already written); null only when <c>syncer.io/restart</c> itself is invalid.
    /// </summary>
    public RestartPolicy? Restart { get; }

    [MemberNotNullWhen(true, nameof(Spec))]
    public bool IsValid => Spec is not null;

    /// <summary>Every error message joined, for the <c>syncer.io/error</c> annotation and the Event.</summary>
    public string ErrorSummary => string.Join("; ", Errors.Select(e => e.Message));

    public static SpecParseResult Valid(SyncSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(spec, [], spec.Interval, spec.Restart);
    }

    public static SpecParseResult Invalid(IReadOnlyList<SpecError> errors, TimeSpan interval, RestartPolicy? restart = null) =>
        errors.Count > 0 ? new(null, errors, interval, restart) : throw new ArgumentException("At least one error is needed.", nameof(errors));
}
