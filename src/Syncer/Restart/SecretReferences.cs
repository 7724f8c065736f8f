using k8s.Models;

namespace Syncer.Restart;

/// <summary>
/// The Secrets a pod template consumes, through every way a pod spec names one: <c>env[].valueFrom.secretKeyRef</c>,
/// <c>envFrom[].secretRef</c>, <c>volumes[].secret</c> and <c>volumes[].projected.sources[].secret</c>, in containers,
/// init containers and ephemeral containers. Optional references count too: the Secret may appear later.
/// (<c>imagePullSecrets</c> are read at pull time, not by the application, and are left out.)
/// </summary>
internal static class SecretReferences
{
    public static IReadOnlyList<string> Of(V1PodSpec? spec)
    {
        if (spec is null)
        {
            return [];
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in spec.Containers ?? [])
        {
            AddEnv(names, container.Env, container.EnvFrom);
        }

        foreach (var container in spec.InitContainers ?? [])
        {
            AddEnv(names, container.Env, container.EnvFrom);
        }

        foreach (var container in spec.EphemeralContainers ?? [])
        {
            AddEnv(names, container.Env, container.EnvFrom);
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            Add(names, volume.Secret?.SecretName);
            foreach (var source in volume.Projected?.Sources ?? [])
            {
                Add(names, source.Secret?.Name);
            }
        }

        return names.Count == 0 ? [] : [.. names];
    }

    private static void AddEnv(SortedSet<string> names, IList<V1EnvVar>? env, IList<V1EnvFromSource>? envFrom)
    {
        foreach (var variable in env ?? [])
        {
            Add(names, variable.ValueFrom?.SecretKeyRef?.Name);
        }

        foreach (var source in envFrom ?? [])
        {
            Add(names, source.SecretRef?.Name);
        }
    }

    private static void Add(SortedSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }
}
