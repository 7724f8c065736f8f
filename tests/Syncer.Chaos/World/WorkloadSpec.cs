namespace Syncer.Chaos.World;

/// <summary>A Deployment, StatefulSet or DaemonSet of the run and the Secrets its pod template references.</summary>
public sealed record WorkloadSpec(string Kind, string Namespace, string Name, IReadOnlyList<string> Secrets)
{
    public string Key => $"{Kind}/{Namespace}/{Name}";
}
