namespace Syncer.Sync;

/// <summary>
/// What <see cref="DesiredDataBuilder"/> produced: the Secret data Syncer wants, or why it cannot say (a missing
/// property, an empty source). <see cref="Error"/> names paths and properties, never values.
/// </summary>
internal sealed class DesiredData
{
    private DesiredData(IReadOnlyDictionary<string, byte[]>? data, string? error)
    {
        Data = data;
        Error = error;
    }

    public IReadOnlyDictionary<string, byte[]>? Data { get; }

    public string? Error { get; }

    public static DesiredData Of(IReadOnlyDictionary<string, byte[]> data) => new(data, null);

    public static DesiredData Failed(string error) => new(null, error);
}
