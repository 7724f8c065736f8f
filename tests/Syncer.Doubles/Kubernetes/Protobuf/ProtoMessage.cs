namespace Syncer.Doubles.Kubernetes.Protobuf;

/// <summary>A message of the schema: its name (for error messages) and fields by number.</summary>
internal sealed class ProtoMessage(string name)
{
    private readonly Dictionary<int, ProtoField> _fields = [];

    public string Name { get; } = name;

    public ProtoField? Field(int number) => _fields.GetValueOrDefault(number);

    public ProtoMessage Add(int number, string json, ProtoType type, bool repeated = false, ProtoMessage? message = null, bool pointer = false)
    {
        _fields[number] = new ProtoField(number, json, type, repeated, message, pointer);
        return this;
    }

    /// <summary>Shorthand for several plain fields of one type.</summary>
    public ProtoMessage Add(ProtoType type, params (int Number, string Json)[] fields)
    {
        foreach (var (number, json) in fields)
        {
            Add(number, json, type);
        }

        return this;
    }
}
