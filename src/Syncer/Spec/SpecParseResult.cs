using System.Diagnostics.CodeAnalysis;

namespace Syncer.Spec;

/// <summary>Either a valid <see cref="SyncSpec"/> or the list of everything wrong with the annotations.</summary>
internal sealed class SpecParseResult
{
    private SpecParseResult(SyncSpec? spec, IReadOnlyList<SpecError> errors, TimeSpan interval)
    {
        Spec = spec;
        Errors = errors;
        Interval = interval;
    }

    public SyncSpec? Spec { get; }

    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>The spec's interval; for invalid annotations the default refresh, so the Secret is tried again and heals once fixed.</summary>
    public TimeSpan Interval { get; }

    [MemberNotNullWhen(true, nameof(Spec))]
    public bool IsValid => Spec is not null;

    /// <summary>Every error message joined, for the <c>syncer.io/error</c> annotation and the Event.</summary>
    public string ErrorSummary => string.Join("; ", Errors.Select(e => e.Message));

    public static SpecParseResult Valid(SyncSpec spec) => new(spec, [], spec?.Interval ?? throw new ArgumentNullException(nameof(spec)));

    public static SpecParseResult Invalid(IReadOnlyList<SpecError> errors, TimeSpan interval) =>
        errors.Count > 0 ? new(null, errors, interval) : throw new ArgumentException("At least one error is needed.", nameof(errors));
}
