using System.Text.Json.Nodes;
using Google.Protobuf;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Protobuf;

/// <summary>
/// A request body in <c>application/vnd.kubernetes.protobuf</c>: the magic <c>k8s\0</c>, then a runtime.Unknown
/// (typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3, contentType = 4) whose raw bytes are
/// the object. Decoded into the JSON body the JSON path would have read; a kind without a schema answers 415.
/// </summary>
internal static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Read(byte[] body, ResourceType type)
    {
        var cannot = $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}";
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw KubeErrors.BadRequest($"{cannot}: provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        try
        {
            var (apiVersion, kind, raw) = Envelope(ByteString.CopyFrom(body, Magic.Length, body.Length - Magic.Length));
            if (!KubeProtoSchema.Kinds.TryGetValue((apiVersion, kind), out var schema))
            {
                throw KubeErrors.UnsupportedProtobuf(kind, $"the sandbox does not decode protobuf {kind} bodies");
            }

            if (kind != type.Kind || apiVersion != type.ApiVersion)
            {
                throw KubeErrors.BadRequest($"{cannot}: the object provided is {apiVersion}/{kind}");
            }

            var obj = ProtoDecoder.Decode(raw, schema, "");
            obj["kind"] = kind;
            obj["apiVersion"] = apiVersion;
            return obj;
        }
        catch (ProtoUnsupportedException e)
        {
            throw KubeErrors.UnsupportedProtobuf(type.Kind, $"the sandbox does not decode {e.Message}");
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            throw KubeErrors.BadRequest($"{cannot}: {e.Message}");
        }
    }

    private static (string ApiVersion, string Kind, ByteString Raw) Envelope(ByteString unknown)
    {
        var (apiVersion, kind, raw) = ("", "", ByteString.Empty);
        // contentEncoding (3) and contentType (4) are skipped: kubectl sends them empty.
        ProtoDecoder.ReadFields(unknown, (number, input) =>
        {
            switch (number)
            {
                case 1:
                    ProtoDecoder.ReadFields(input.ReadBytes(), (inner, typeMeta) =>
                    {
                        switch (inner)
                        {
                            case 1: apiVersion = typeMeta.ReadString(); return true;
                            case 2: kind = typeMeta.ReadString(); return true;
                            default: return false;
                        }
                    });
                    return true;
                case 2:
                    raw = input.ReadBytes();
                    return true;
                default:
                    return false;
            }
        });
        return (apiVersion, kind, raw);
    }
}
