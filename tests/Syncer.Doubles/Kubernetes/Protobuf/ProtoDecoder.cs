using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Syncer.Doubles.Kubernetes.Protobuf;

/// <summary>
/// Reads a protobuf message by the schema into the JSON the JSON path would have stored: proto field names
/// become JSON names, maps objects, bytes base64, Time RFC 3339, and zero values of non-pointer fields are
/// left out (Go's omitempty); messages that are present stay, empty or not (<c>"resources": {}</c>), and a zero
/// non-pointer Time is null as Go writes it. The wire
/// format is read with Google.Protobuf's CodedInputStream; only the mapping is ours.
/// </summary>
internal static class ProtoDecoder
{
    /// <summary>Decodes <paramref name="bytes"/>; <see cref="ProtoUnsupportedException"/> for a field the schema lacks.</summary>
    public static JsonObject Decode(ByteString bytes, ProtoMessage message, string path)
    {
        var input = bytes.CreateCodedInput();
        var result = new JsonObject();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var field = message.Field(number)
                ?? throw new ProtoUnsupportedException($"field {number} of {message.Name}" + (path.Length == 0 ? "" : $" in {path}"));
            var fieldPath = Join(path, field.Json);
            var expected = field.Type is ProtoType.Int or ProtoType.Bool ? WireFormat.WireType.Varint : WireFormat.WireType.LengthDelimited;
            if (WireFormat.GetTagWireType(tag) != expected)
            {
                throw new InvalidDataException($"{fieldPath}: wire type {WireFormat.GetTagWireType(tag)}, expected {expected}");
            }

            if (field.Type is ProtoType.StringMap or ProtoType.BytesMap or ProtoType.QuantityMap)
            {
                var (key, entry) = MapEntry(input.ReadBytes(), field.Type);
                var map = result[field.Json] as JsonObject ?? [];
                map[key] = entry;
                result[field.Json] = map;
                continue;
            }

            var value = Value(input, field, fieldPath);
            if (field.Repeated)
            {
                var list = result[field.Json] as JsonArray ?? [];
                list.Add(value);
                result[field.Json] = list;
            }
            else if (value is not null || (field.Type == ProtoType.Time && !field.Pointer))
            {
                result[field.Json] = value; // Go writes a zero metav1.Time as null (the template's creationTimestamp: null)
            }
            else
            {
                result.Remove(field.Json); // a zero value: omitempty
            }
        }

        return result;
    }

    /// <summary>One value; null for a zero value Go's JSON would leave out.</summary>
    private static JsonNode? Value(CodedInputStream input, ProtoField field, string path) => field.Type switch
    {
        ProtoType.Text => input.ReadString() is var s && (s.Length > 0 || field.Pointer || field.Repeated) ? s : null,
        ProtoType.Bytes => Convert.ToBase64String(input.ReadBytes().Span),
        ProtoType.Int => input.ReadInt64() is var n && (n != 0 || field.Pointer) ? n : null,
        ProtoType.Bool => input.ReadBool() is var b && (b || field.Pointer) ? b : null,
        ProtoType.Message => Decode(input.ReadBytes(), field.Message!, path),
        ProtoType.Time => Time(input.ReadBytes()),
        ProtoType.IntOrString => IntOrString(input.ReadBytes()),
        _ => throw new InvalidOperationException($"no value reader for {field.Type}"),
    };

    /// <summary>map&lt;string, V&gt; entries: key = 1, value = 2 (a Quantity is a message with string = 1).</summary>
    private static (string Key, JsonNode Value) MapEntry(ByteString entry, ProtoType type)
    {
        var key = "";
        JsonNode value = "";
        ReadFields(entry, (number, input) =>
        {
            switch (number)
            {
                case 1: key = input.ReadString(); return true;
                case 2 when type == ProtoType.BytesMap: value = Convert.ToBase64String(input.ReadBytes().Span); return true;
                case 2 when type == ProtoType.QuantityMap: value = QuantityString(input.ReadBytes()); return true;
                case 2: value = input.ReadString(); return true;
                default: return false;
            }
        });
        return (key, value);
    }

    /// <summary>metav1.Time {seconds = 1, nanos = 2} as RFC 3339 seconds; null for the zero time.</summary>
    private static JsonNode? Time(ByteString bytes)
    {
        long seconds = 0;
        ReadFields(bytes, (number, input) =>
        {
            if (number == 1)
            {
                seconds = input.ReadInt64();
            }

            return number == 1;
        });
        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

    /// <summary>intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.</summary>
    private static JsonNode IntOrString(ByteString bytes)
    {
        var (type, number, text) = (0L, 0L, "");
        ReadFields(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1: type = input.ReadInt64(); return true;
                case 2: number = input.ReadInt64(); return true;
                case 3: text = input.ReadString(); return true;
                default: return false;
            }
        });
        return type == 1 ? text : number;
    }

    /// <summary>resource.Quantity {string = 1}.</summary>
    private static string QuantityString(ByteString bytes)
    {
        var text = "";
        ReadFields(bytes, (number, input) =>
        {
            if (number == 1)
            {
                text = input.ReadString();
            }

            return number == 1;
        });
        return text;
    }

    /// <summary>Calls <paramref name="read"/> for each field of a message; a field it does not take (false) is skipped.</summary>
    public static void ReadFields(ByteString bytes, Func<int, CodedInputStream, bool> read)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!read(WireFormat.GetTagFieldNumber(tag), input))
            {
                input.SkipLastField();
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
