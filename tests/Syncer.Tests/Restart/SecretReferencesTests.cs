using k8s.Models;
using Syncer.Restart;

namespace Syncer.Tests.Restart;

public sealed class SecretReferencesTests
{
    private static V1EnvVar FromSecret(string secret) =>
        new() { Name = "X", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = "pw" } } };

    [Fact]
    public void Of_FindsEveryWayAPodSpecNamesASecret_InEveryKindOfContainer()
    {
        var spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "app", Env = [FromSecret("env-ref"), new V1EnvVar { Name = "PLAIN", Value = "x" }], EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "env-from" } }] }],
            InitContainers = [new V1Container { Name = "init", Env = [FromSecret("init-env")], EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "init-env-from" } }] }],
            EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Env = [FromSecret("ephemeral-env")], EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "ephemeral-env-from" } }] }],
            Volumes =
            [
                new V1Volume { Name = "v1", Secret = new V1SecretVolumeSource { SecretName = "volume" } },
                new V1Volume { Name = "v2", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { Secret = new V1SecretProjection { Name = "projected" } }, new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "a-configmap" } }] } },
                new V1Volume { Name = "v3", EmptyDir = new V1EmptyDirVolumeSource() },
            ],
            ImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }],
        };

        Assert.Equal(
            ["env-from", "env-ref", "ephemeral-env", "ephemeral-env-from", "init-env", "init-env-from", "projected", "volume"],
            SecretReferences.Of(spec));
    }

    [Fact]
    public void Of_NamesASecretOnceHoweverOftenItIsReferenced()
    {
        var spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "a", Env = [FromSecret("db"), FromSecret("db")] }, new V1Container { Name = "b", Env = [FromSecret("db")] }],
            Volumes = [new V1Volume { Name = "v", Secret = new V1SecretVolumeSource { SecretName = "db" } }],
        };

        Assert.Equal(["db"], SecretReferences.Of(spec));
    }

    [Fact]
    public void Of_ASpecWithoutSecrets_IsEmpty()
    {
        Assert.Empty(SecretReferences.Of(new V1PodSpec { Containers = [new V1Container { Name = "a" }] }));
        Assert.Empty(SecretReferences.Of(null));
    }
}
