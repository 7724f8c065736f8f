namespace Syncer.Doubles.Kubernetes.Protobuf;

/// <summary>A protobuf body carries a kind or a field the double's schema does not decode.</summary>
internal sealed class ProtoUnsupportedException(string what) : Exception(what);
