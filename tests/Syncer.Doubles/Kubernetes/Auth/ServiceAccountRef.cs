namespace Syncer.Doubles.Kubernetes.Auth;

/// <summary>A ServiceAccount a token is bound to: namespace, name, uid.</summary>
internal sealed record ServiceAccountRef(string Namespace, string Name, string Uid);
