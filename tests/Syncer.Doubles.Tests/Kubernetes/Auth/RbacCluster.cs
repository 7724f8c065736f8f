using Syncer.Doubles.Kubernetes;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes.Auth;

/// <summary>A double with namespaces shop, other and syncer-system, its admin, and the ServiceAccount syncer-system/syncer with a client on its token.</summary>
internal sealed class RbacCluster : IAsyncDisposable
{
    private RbacCluster(KubeApiDouble api, k8s.Kubernetes admin, string token)
    {
        Api = api;
        Admin = admin;
        SyncerToken = token;
        Syncer = Client(api, token);
    }

    public KubeApiDouble Api { get; }

    public k8s.Kubernetes Admin { get; }

    public string SyncerToken { get; }

    /// <summary>The KubernetesClient as syncer-system/syncer: allowed only what a test binds to it.</summary>
    public k8s.Kubernetes Syncer { get; }

    public static async Task<RbacCluster> StartAsync()
    {
        var api = await Rbac.StartAsync();
        var admin = Client(api);
        return new RbacCluster(api, admin, await Rbac.ServiceAccountTokenAsync(admin, "syncer-system", "syncer"));
    }

    public async ValueTask DisposeAsync()
    {
        Syncer.Dispose();
        Admin.Dispose();
        await Api.DisposeAsync();
    }
}
