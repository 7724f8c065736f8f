namespace Syncer.Doubles.Kubernetes.Protobuf;

/// <summary>How a field's value becomes JSON.</summary>
internal enum ProtoType
{
    Text,
    Bytes,
    Int,
    Bool,
    Message,
    StringMap,
    BytesMap,
    QuantityMap,
    Time,
    IntOrString,
}

/// <summary>
/// One field of a k8s.io generated.proto message: its number, its JSON name, its type. Go marshals every
/// non-pointer field, zero values included; <paramref name="Pointer"/> marks the optional (pointer) ones whose
/// zero value means something (replicas: 0, immutable: false) and is kept, where a plain zero is left out as
/// Go's <c>omitempty</c> JSON does.
/// </summary>
internal sealed record ProtoField(int Number, string Json, ProtoType Type, bool Repeated = false, ProtoMessage? Message = null, bool Pointer = false);
