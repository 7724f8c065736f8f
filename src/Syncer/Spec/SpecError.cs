namespace Syncer.Spec;

/// <summary>
/// One problem with a Secret's annotations. <see cref="Message"/> names the annotation and its (non-secret) value
/// and says what is expected; it goes into logs, the <c>syncer.io/error</c> annotation and a Warning Event.
/// </summary>
internal sealed record SpecError(string Annotation, string Message)
{
    private const int MaxValueLength = 120;

    /// <summary>A message of the form <c>syncer.io/refresh "5x": explanation</c>.</summary>
    public static SpecError For(string annotation, string value, string explanation) =>
        new(annotation, $"{annotation} \"{Shorten(value)}\": {explanation}");

    /// <summary>Keeps a long value readable in an annotation or an Event.</summary>
    public static string Shorten(string value) =>
        value.Length <= MaxValueLength ? value : string.Concat(value.AsSpan(0, MaxValueLength), "...");

    public override string ToString() => Message;
}
