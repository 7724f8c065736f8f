using k8s.Models;

namespace Syncer.Tests.Restart.Support;

/// <summary>Pod specs that consume Secrets in each way a pod spec can name one, for workloads the tests create.</summary>
internal static class PodSpecs
{
    public static V1PodSpec EnvFrom(string secret) => App(c => c.EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret } }]);

    public static V1PodSpec EnvKey(string secret) => App(c => c.Env = [KeyRef(secret)]);

    /// <summary>Consumes every Secret named, each through envFrom.</summary>
    public static V1PodSpec EnvFrom(params string[] secrets) =>
        App(c => c.EnvFrom = [.. secrets.Select(s => new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = s } })]);

    public static V1PodSpec InitEnvFrom(string secret)
    {
        var spec = App(_ => { });
        spec.InitContainers = [new V1Container { Name = "init", Image = "busybox:1.36", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret } }] }];
        return spec;
    }

    /// <summary>An ephemeral container's env (a real API server refuses these in pod templates; the double keeps them).</summary>
    public static V1PodSpec EphemeralEnvKey(string secret)
    {
        var spec = App(_ => { });
        spec.EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = "busybox:1.36", Env = [KeyRef(secret)] }];
        return spec;
    }

    public static V1PodSpec Volume(string secret) => Mounted(new V1Volume { Name = "creds", Secret = new V1SecretVolumeSource { SecretName = secret } });

    public static V1PodSpec Projected(string secret) => Mounted(new V1Volume
    {
        Name = "creds",
        Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { Secret = new V1SecretProjection { Name = secret } }] },
    });

    public static V1PodSpec Nothing() => App(_ => { });

    private static V1EnvVar KeyRef(string secret) =>
        new() { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = "pw" } } };

    private static V1PodSpec Mounted(V1Volume volume)
    {
        var spec = App(c => c.VolumeMounts = [new V1VolumeMount { Name = volume.Name, MountPath = "/etc/creds" }]);
        spec.Volumes = [volume];
        return spec;
    }

    private static V1PodSpec App(Action<V1Container> configure)
    {
        var container = new V1Container { Name = "app", Image = "nginx:1.27" };
        configure(container);
        return new V1PodSpec { Containers = [container] };
    }
}
