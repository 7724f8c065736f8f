using Google.Protobuf;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>
/// Builds protobuf request bodies as kubectl does (the k8s\0 magic, a runtime.Unknown envelope, Go's habit of
/// writing zero-valued fields), for wire tests of the double's decoder. Written with Google.Protobuf's
/// CodedOutputStream.
/// </summary>
internal sealed class ProtoBody
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    public ProtoBody() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoBody Text(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoBody Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoBody Int(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public ProtoBody Message(int field, ProtoBody message) => Bytes(field, message.ToArray());

    /// <summary>A map entry (key = 1, value = 2) of a string map.</summary>
    public ProtoBody Entry(int field, string key, string value) => Message(field, new ProtoBody().Text(1, key).Text(2, value));

    /// <summary>ObjectMeta as Go writes it for a new object: every string field, empty ones included.</summary>
    public static ProtoBody Meta(string name, string ns = "") =>
        new ProtoBody().Text(1, name).Text(2, "").Text(3, ns).Text(4, "").Text(5, "").Text(6, "").Int(7, 0).Message(8, new ProtoBody());

    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }

    /// <summary>"k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw, contentEncoding "", contentType ""}.</summary>
    public byte[] Envelope(string apiVersion, string kind) =>
        [.. "k8s\0"u8, .. new ProtoBody().Message(1, new ProtoBody().Text(1, apiVersion).Text(2, kind)).Bytes(2, ToArray()).Text(3, "").Text(4, "").ToArray()];
}
