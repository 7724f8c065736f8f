namespace Syncer.Hosting;

/// <summary>Why a trim analysis warning does not apply, for the few suppressions that name it.</summary>
internal static class TrimSafety
{
    /// <summary>
    /// For options classes: their DataAnnotations attributes (<c>[Range(typeof(TimeSpan), ...)]</c>, <c>[MinLength]</c>,
    /// <c>[MaxLength]</c>) are read at compile time by the <c>[OptionsValidator]</c> source generator, whose validator
    /// uses its own trim-safe copies of them; nothing constructs or reflects over these attributes at run time (no
    /// <c>ValidateDataAnnotations</c>), which is the case the warning is about.
    /// </summary>
    public const string OptionsAttributes =
        "Validated by the [OptionsValidator] generated validator with trim-safe copies of these attributes; nothing reflects over them at run time.";
}
