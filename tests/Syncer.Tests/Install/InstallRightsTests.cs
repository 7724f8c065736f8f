using k8s;
using k8s.Models;

namespace Syncer.Tests.Install;

/// <summary>
/// Issue 11: the install's rights are what the product needs and no more: a verb taken away fails the product check
/// with the API server's 403, and a namespaced install can read nothing outside its namespaces; `kubectl auth can-i
/// --list` for its ServiceAccount (printed to the test output) holds only what the code calls.
/// </summary>
public sealed class InstallRightsTests
{
    private const string ServiceAccount = "system:serviceaccount:syncer-system:syncer";

    public static TheoryData<string> NamespacedOverlays => ["staging", "prod"];

    [Fact(Timeout = 180_000)]
    public async Task AVerbMissingFromTheInstall_FailsTheProductCheck_WithTheApiServers403Message()
    {
        ExternalTool.Require("kubectl", "kubectl");
        var ct = TestContext.Current.CancellationToken;
        await using var install = await SandboxInstall.StartAsync("dev", ct);
        await install.ApplyAsync(ct);
        await install.ConfigureVaultAsync(ct);
        var role = await install.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("syncer", cancellationToken: ct);
        var secrets = role.Rules.Single(r => r.Resources.SequenceEqual(["secrets"]));
        secrets.Verbs = [.. secrets.Verbs.Where(v => v != "patch")];
        await install.Admin.RbacAuthorizationV1.ReplaceClusterRoleAsync(role, "syncer", cancellationToken: ct);

        await using var syncer = await install.StartSyncerAsync(ct);
        var problem = await install.ProductProblemAsync([syncer], ct);

        Assert.NotNull(problem);
        Assert.Contains($"secrets \"db\" is forbidden: User \"{ServiceAccount}\" cannot patch resource \"secrets\" in API group \"\" in the namespace \"shop\"", problem, StringComparison.Ordinal);
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(NamespacedOverlays))]
    public async Task NamespacedInstall_ReadsNoSecretOutsideItsNamespaces_AndCanIListShowsOnlyWhatTheCodeCalls(string overlay)
    {
        ExternalTool.Require("kubectl", "kubectl");
        var ct = TestContext.Current.CancellationToken;
        await using var install = await SandboxInstall.StartAsync(overlay, ct);
        await install.ApplyAsync(ct);
        foreach (var ns in new[] { SandboxInstall.Unwatched, "kube-system" })
        {
            await install.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "private" } }, ns, cancellationToken: ct);
        }

        using var syncer = new k8s.Kubernetes(install.Api.CreateClientConfiguration(await install.TokenAsync(null, 3600, ct)));
        var unwatched = await ForbiddenAsync(() => syncer.CoreV1.ReadNamespacedSecretAsync("private", SandboxInstall.Unwatched, cancellationToken: ct));
        var kubeSystem = await ForbiddenAsync(() => syncer.CoreV1.ReadNamespacedSecretAsync("private", "kube-system", cancellationToken: ct));
        var clusterWide = await ForbiddenAsync(() => syncer.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct));

        Assert.Equal($"secrets \"private\" is forbidden: User \"{ServiceAccount}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"{SandboxInstall.Unwatched}\"", unwatched);
        Assert.Equal($"secrets \"private\" is forbidden: User \"{ServiceAccount}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"kube-system\"", kubeSystem);
        Assert.Equal($"secrets is forbidden: User \"{ServiceAccount}\" cannot list resource \"secrets\" in API group \"\" at the cluster scope", clusterWide);

        string[] watched = ["events [] [create]", "secrets [] [get list watch patch]", .. new[] { "daemonsets", "deployments", "statefulsets" }.Select(r => $"{r}.apps [] [get list watch patch]")];
        string[] own = ["events [] [create]", "leases.coordination.k8s.io [] [create]", "leases.coordination.k8s.io [syncer-leader] [get update]", "secrets [] [create]", "secrets [syncer-hmac-key] [get]"];
        Assert.Equal(watched.Order(StringComparer.Ordinal), await ResourceRulesAsync(install, install.AppNamespaces[0], ct));
        Assert.Equal(own.Order(StringComparer.Ordinal), await ResourceRulesAsync(install, SandboxInstall.SyncerNamespace, ct));
        Assert.Empty(await ResourceRulesAsync(install, SandboxInstall.Unwatched, ct));
    }

    /// <summary>
    /// `kubectl auth can-i --list` for the ServiceAccount in <paramref name="ns"/> (printed to the test output), its
    /// resource rows as "resource [names] [verbs]", without the self reviews every authenticated user holds.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ResourceRulesAsync(SandboxInstall install, string ns, CancellationToken ct)
    {
        var (code, output, errors) = await install.KubectlAsync(ct, "auth", "can-i", "--list", "-n", ns, "--as", ServiceAccount);
        Assert.True(code == 0, errors);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ kubectl auth can-i --list -n {ns} --as {ServiceAccount}   # {install.Overlay}\n{output}");
        return [.. output.Split('\n').Skip(1)
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^(\S+)\s+\[[^\]]*\]\s+(\[[^\]]*\])\s+(\[[^\]]*\])\s*$"))
            .Where(row => row.Success && !row.Groups[1].Value.StartsWith("self", StringComparison.Ordinal))
            .Select(row => $"{row.Groups[1].Value} {row.Groups[2].Value} {row.Groups[3].Value}")
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<string> ForbiddenAsync(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(call);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, e.Response.StatusCode);
        return KubernetesJson.Deserialize<V1Status>(e.Response.Content).Message;
    }
}
