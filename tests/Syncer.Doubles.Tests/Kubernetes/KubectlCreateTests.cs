using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>
/// kubectl's typed generators, which send protobuf: each object must come out as the same command's JSON
/// (`--dry-run=client -o json` then `kubectl create -f`) does. Skipped without kubectl.
/// </summary>
public sealed class KubectlCreateTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("secret/db", "secret generic db --from-literal=user=bob --from-file=app.conf")]
    [InlineData("secret/web-tls", "secret tls web-tls --cert=tls.crt --key=tls.key")]
    [InlineData("secret/reg", "secret docker-registry reg --docker-server=registry.example.com --docker-username=u --docker-password=p --docker-email=u@example.com")]
    [InlineData("configmap/cfg", "configmap cfg --from-literal=a=1 --from-file=app.conf")]
    [InlineData("serviceaccount/app", "serviceaccount app")]
    [InlineData("deployment/web", "deployment web --image=nginx")]
    [InlineData("deployment/worker", "deployment worker --image=busybox --replicas=0 --port=8080 -- sleep 3600")]
    public async Task Create_SendsProtobuf_AndStoresWhatTheJsonPathStores(string obj, string arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        kubectl.WriteFile("app.conf", "level=debug\n");
        WriteTlsPair(kubectl);
        // Flags go before a `--` that starts the container command.
        string[] Create(params string[] flags)
        {
            var words = arguments.Split(' ').ToList();
            var end = words.IndexOf("--");
            words.InsertRange(end < 0 ? words.Count : end, flags);
            return ["create", .. words];
        }

        var viaProtobuf = await kubectl.RunAsync(ct, Create("-n", "default", "-v=8"));
        var json = await kubectl.RunAsync(ct, Create("-n", "ns", "--dry-run=client", "-o", "json"));
        var viaJson = await kubectl.RunAsync(ct, "create", "-f", kubectl.WriteFile("twin.json", json.Output));

        Assert.True(viaProtobuf.Code == 0 && viaJson.Code == 0, viaProtobuf.Output + viaJson.Output);
        Assert.Contains("Content-Type: application/vnd.kubernetes.protobuf", viaProtobuf.Output, StringComparison.Ordinal);
        Assert.Equal(await StoredAsync(kubectl, obj, "ns"), await StoredAsync(kubectl, obj, "default"));
    }

    [Fact(Timeout = 30_000)]
    public async Task CreateNamespace_ViaProtobuf_IsActiveWithItsNameLabel()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);

        var create = await kubectl.RunAsync(ct, "create", "namespace", "team-a");
        var get = await kubectl.RunAsync(ct, "get", "namespace", "team-a");

        Assert.True(create.Code == 0, create.Output);
        Assert.Matches(@"(?m)^team-a\s+Active\s+\d+s\s*$", get.Output);
        var ns = JsonNode.Parse((await kubectl.RunAsync(ct, "get", "namespace", "team-a", "-o", "json")).Output)!;
        Assert.Equal("team-a", (string?)ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheReadmesSandboxCommands_LabelAndAnnotateANewSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);

        var results = new[]
        {
            await kubectl.RunAsync(ct, "create", "namespace", "team-a"),
            await kubectl.RunAsync(ct, "-n", "team-a", "create", "secret", "generic", "db"),
            await kubectl.RunAsync(ct, "-n", "team-a", "label", "secret", "db", "syncer.io/enabled=true"),
            await kubectl.RunAsync(ct, "-n", "team-a", "annotate", "secret", "db", "syncer.io/path=secret/team-a/db", "syncer.io/refresh=30s"),
        };

        Assert.All(results, r => Assert.True(r.Code == 0, r.Output));
        var secret = await Client(api).CoreV1.ReadNamespacedSecretAsync("db", "team-a", cancellationToken: ct);
        Assert.Equal("true", secret.Metadata.Labels["syncer.io/enabled"]);
        Assert.Equal(("secret/team-a/db", "30s"), (secret.Metadata.Annotations["syncer.io/path"], secret.Metadata.Annotations["syncer.io/refresh"]));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(1024 * 1024 + 1, "error: failed to create secret Secret \"big\" is invalid: data: Too long: may not be more than 1048576 bytes")]
    [InlineData((3 * 1024 * 1024) + 4096, "error: failed to create secret Request entity too large: limit is 3145728")]
    public async Task CreateSecretFromFile_OverTheLimits_IsRefusedAsTheRealServerRefusesIt(int size, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipUnless(Kubectl.Available, "kubectl is not installed");
        await using var api = await StartAsync();
        using var kubectl = new Kubectl(api);
        var file = kubectl.WriteFile("big.bin", "");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(size), ct);
        var exactly = kubectl.WriteFile("limit.bin", "");
        await File.WriteAllBytesAsync(exactly, RandomNumberGenerator.GetBytes(1024 * 1024), ct);

        var refused = await kubectl.RunAsync(ct, "create", "secret", "generic", "big", $"--from-file={file}");
        var atTheLimit = await kubectl.RunAsync(ct, "create", "secret", "generic", "limit", $"--from-file={exactly}");

        Assert.NotEqual(0, refused.Code);
        Assert.Contains(message, refused.Output, StringComparison.Ordinal);
        Assert.True(atTheLimit.Code == 0, atTheLimit.Output);
    }

    /// <summary>The stored object without what the server stamps (uid, resourceVersion, timestamps, namespace).</summary>
    private static async Task<string> StoredAsync(Kubectl kubectl, string obj, string ns)
    {
        var got = await kubectl.RunAsync(TestContext.Current.CancellationToken, "get", obj, "-n", ns, "-o", "json");
        var node = JsonNode.Parse(got.Output)!.AsObject();
        var meta = node["metadata"]!.AsObject();
        foreach (var key in new[] { "uid", "resourceVersion", "creationTimestamp", "namespace", "generation" })
        {
            meta.Remove(key);
        }

        return node.ToJsonString();
    }

    private static void WriteTlsPair(Kubectl kubectl)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=web.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        kubectl.WriteFile("tls.crt", cert.ExportCertificatePem());
        kubectl.WriteFile("tls.key", key.ExportPkcs8PrivateKeyPem());
    }
}
