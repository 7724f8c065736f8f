using k8s;
using k8s.Models;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

public sealed class SecretRulesTests
{
    [Fact(Timeout = 10_000)]
    public async Task StringData_IsMergedIntoData_AndNeverReturned()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var s = Secret("a", ("k", "old"), ("keep", "1"));
        s.StringData = new Dictionary<string, string> { ["k"] = "new" };

        await Client(api).CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct);
        var (_, raw, _) = await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets/a");

        Assert.Null(raw!["stringData"]);
        Assert.Equal(Convert.ToBase64String("new"u8.ToArray()), (string?)raw["data"]!["k"]);
        Assert.Equal(Convert.ToBase64String("1"u8.ToArray()), (string?)raw["data"]!["keep"]);
        Assert.Equal("Opaque", (string?)raw["type"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task Secret_OverOneMebibyteDecoded_Answers422WithTheK8s132Message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var s = new V1Secret { Metadata = new() { Name = "big" }, Data = new Dictionary<string, byte[]> { ["a"] = new byte[600_000], ["b"] = new byte[500_000] } };

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct));

        Assert.Equal((422, "Invalid"), (status.Code, status.Reason));
        Assert.Equal("Secret \"big\" is invalid: data: Too long: may not be more than 1048576 bytes", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueTooLong", "data"), (cause.Reason, cause.Field));
    }

    [Fact(Timeout = 10_000)]
    public async Task Secret_ExactlyOneMebibyte_IsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var s = new V1Secret { Metadata = new() { Name = "edge" }, Data = new Dictionary<string, byte[]> { ["a"] = new byte[1024 * 1024] } };

        var created = await Client(api).CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct);

        Assert.Equal(1024 * 1024, created.Data["a"].Length);
    }

    [Fact(Timeout = 10_000)]
    public async Task Secret_BadKey_Answers422WithTheConfigKeyMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(Secret("a", ("bad key", "v")), "ns", cancellationToken: ct));

        Assert.Equal(
            "Secret \"a\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            status.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task ImmutableSecret_RejectsDataChange_ButAllowsLabelsAndDelete()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        var s = Secret("a", ("k", "v"));
        s.Immutable = true;
        await client.CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct);

        var status = await StatusOfAsync(() => client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"data":{"k":"eA=="}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct));
        var labelled = await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"l":"1"}}}""", V1Patch.PatchType.MergePatch), "a", "ns", cancellationToken: ct);
        await client.CoreV1.DeleteNamespacedSecretAsync("a", "ns", cancellationToken: ct);

        Assert.Equal("Secret \"a\" is invalid: data: Forbidden: field is immutable when `immutable` is set", status.Message);
        Assert.Equal("1", labelled.Metadata.Labels["l"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task TlsSecret_WithoutKeys_ListsBothRequiredFields()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var s = Secret("tls");
        s.Type = "kubernetes.io/tls";

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct));

        Assert.Equal("Secret \"tls\" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]", status.Message);
        Assert.Equal(2, status.Details.Causes.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task DockerConfigJsonSecret_WithInvalidJson_Answers422()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var s = Secret("pull", (".dockerconfigjson", "{not json"));
        s.Type = "kubernetes.io/dockerconfigjson";

        var status = await StatusOfAsync(() => Client(api).CoreV1.CreateNamespacedSecretAsync(s, "ns", cancellationToken: ct));

        Assert.Equal(422, status.Code);
        Assert.Equal("data[.dockerconfigjson]", Assert.Single(status.Details.Causes).Field);
    }

    [Fact(Timeout = 10_000)]
    public async Task SecretType_IsImmutableOnUpdate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var client = Client(api);
        await client.CoreV1.CreateNamespacedSecretAsync(Secret("a", ("username", "u")), "ns", cancellationToken: ct);
        var changed = Secret("a", ("username", "u"));
        changed.Type = "kubernetes.io/basic-auth";

        var status = await StatusOfAsync(() => client.CoreV1.ReplaceNamespacedSecretAsync(changed, "a", "ns", cancellationToken: ct));

        Assert.Equal("Secret \"a\" is invalid: type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable", status.Message);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("2025-01-01T10:00:00Z")]
    [InlineData("2025-01-01T10:00:00.12Z")]
    public async Task LeaseMicroTime_WithoutSixFractionalDigits_Answers400(string renewTime)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();

        var (code, body, _) = await RawAsync(api, HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/ns/leases",
            $$$"""{"metadata":{"name":"l"},"spec":{"holderIdentity":"me","renewTime":"{{{renewTime}}}"}}""");

        Assert.Equal(400, code);
        Assert.StartsWith($"Lease in version \"v1\" cannot be handled as a Lease: parsing time \"{renewTime}\" as \"2006-01-02T15:04:05.000000Z07:00\"",
            (string?)body!["message"], StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task LeaseMicroTime_FromTheCSharpClientWithFraction_IsAccepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var at = new DateTime(2025, 1, 1, 10, 0, 0, 500, DateTimeKind.Utc);

        var lease = await Client(api).CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new() { Name = "l" }, Spec = new() { HolderIdentity = "me", RenewTime = at, AcquireTime = at } }, "ns", cancellationToken: ct);

        Assert.Equal(at, lease.Spec.RenewTime);
        Assert.Equal("me", lease.Spec.HolderIdentity);
    }
}
