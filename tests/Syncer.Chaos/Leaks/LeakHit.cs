namespace Syncer.Chaos.Leaks;

/// <summary>A secret value (named only by its marker) found in something Syncer emitted.</summary>
public sealed record LeakHit(string Where, string Form, string Value)
{
    public override string ToString()
    {
        var at = Value.IndexOf(LeakValues.Marker, StringComparison.Ordinal);
        return $"{Form} form of {(at >= 0 ? Value[at..] : "a secret value")} in {Where}";
    }
}
