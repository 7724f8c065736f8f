using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Nodes;

/// <summary>The one Node as a kubelet registers it: Ready, linux/amd64, room for 110 pods, pod CIDR 10.244.0.0/24.</summary>
internal static class NodeManifest
{
    public const string HostIp = "172.18.0.2";

    public static V1Node Build(string name, DateTime now)
    {
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("2"),
            ["memory"] = new("8Gi"),
            ["pods"] = new("110"),
            ["ephemeral-storage"] = new("100Gi"),
        };
        return new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = "amd64",
                },
            },
            Spec = new V1NodeSpec { PodCIDR = "10.244.0.0/24", PodCIDRs = ["10.244.0.0/24"] },
            Status = new V1NodeStatus
            {
                Capacity = capacity,
                Allocatable = capacity,
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = HostIp }, new V1NodeAddress { Type = "Hostname", Address = name }],
                Conditions =
                [
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
                ],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    OperatingSystem = "linux",
                    OsImage = "Syncer sandbox",
                    KernelVersion = "6.1.0",
                    KubeletVersion = "v1.32.0",
                    KubeProxyVersion = "v1.32.0",
                    ContainerRuntimeVersion = "containerd://1.7.24",
                    MachineID = "",
                    SystemUUID = "",
                    BootID = "",
                },
            },
        };
    }

    private static V1NodeCondition Condition(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastHeartbeatTime = now,
        LastTransitionTime = now,
    };
}
