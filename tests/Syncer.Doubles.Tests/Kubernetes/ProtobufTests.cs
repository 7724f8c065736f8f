using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>Protobuf request bodies (what kubectl's typed generators send), decoded into the JSON the JSON path stores.</summary>
public sealed class ProtobufTests
{
    [Fact(Timeout = 10_000)]
    public async Task Secret_AsKubectlWritesIt_IsStoredWithItsDataAndNoZeroValuedFields()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await StartAsync();
        var secret = new ProtoBody().Message(1, ProtoBody.Meta("db", "ns").Entry(11, "team", "shop"))
            .Message(2, new ProtoBody().Text(1, "password").Bytes(2, [0, 1, 255]))
            .Entry(4, "user", "bob")
            .Text(3, "Opaque");

        var (code, body) = await PostAsync(api, "/api/v1/namespaces/ns/secrets", secret.Envelope("v1", "Secret"), TestContext.Current.CancellationToken);
        var stored = await Client(api).CoreV1.ReadNamespacedSecretAsync("db", "ns", cancellationToken: ct);

        Assert.Equal(201, code);
        Assert.Equal(("db", "ns", "shop"), ((string?)body["metadata"]!["name"], (string?)body["metadata"]!["namespace"], (string?)body["metadata"]!["labels"]!["team"]));
        Assert.Equal(["kind", "apiVersion", "metadata", "data", "type"], body.AsObject().Select(kv => kv.Key));
        Assert.Equal(["generateName", "selfLink", "generation"], new[] { "generateName", "selfLink", "generation" }.Where(k => body["metadata"]![k] is null));
        Assert.Equal([0, 1, 255], stored.Data["password"]);
        Assert.Equal("bob", Encoding.UTF8.GetString(stored.Data["user"])); // stringData folded into data, as on the JSON path
    }

    [Fact(Timeout = 10_000)]
    public async Task Deployment_KeepsAPointerZero_AndWritesGosNullTimestampInTheTemplate()
    {
        await using var api = await StartAsync();
        var container = new ProtoBody().Text(1, "nginx").Text(2, "nginx").Text(5, "").Message(8, new ProtoBody()).Int(16, 0);
        var deployment = new ProtoBody().Message(1, ProtoBody.Meta("web", "ns"))
            .Message(2, new ProtoBody()
                .Int(1, 0) // replicas: a pointer, so 0 means 0
                .Message(2, new ProtoBody().Entry(1, "app", "web"))
                .Message(3, new ProtoBody().Message(1, ProtoBody.Meta("").Entry(11, "app", "web")).Message(2, new ProtoBody().Message(2, container).Text(3, "")))
                .Message(4, new ProtoBody().Text(1, ""))
                .Int(5, 0)
                .Int(7, 0));

        var (code, body) = await PostAsync(api, "/apis/apps/v1/namespaces/ns/deployments", deployment.Envelope("apps/v1", "Deployment"), TestContext.Current.CancellationToken);

        Assert.Equal(201, code);
        // The server then defaults what kubectl left out (strategy, progressDeadlineSeconds, ...), as apps/v1 does.
        var spec = body["spec"]!.AsObject();
        Assert.Equal("RollingUpdate", (string?)spec["strategy"]?["type"]);
        foreach (var defaulted in new[] { "strategy", "progressDeadlineSeconds", "revisionHistoryLimit" })
        {
            spec.Remove(defaulted);
        }

        Assert.Equal(
            """{"replicas":0,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}}}""",
            spec.ToJsonString());
    }

    [Fact(Timeout = 10_000)]
    public async Task AKindItDoesNotDecode_Answers415NamingTheKindAndSayingWhatToDo()
    {
        await using var api = await StartAsync();
        var lease = new ProtoBody().Message(1, ProtoBody.Meta("lock", "ns")).Message(2, new ProtoBody().Text(1, "me"));

        var (code, body) = await PostAsync(api, "/apis/coordination.k8s.io/v1/namespaces/ns/leases", lease.Envelope("coordination.k8s.io/v1", "Lease"), TestContext.Current.CancellationToken);

        Assert.Equal((415, "UnsupportedMediaType"), (code, (string?)body["reason"]));
        Assert.Equal("the body of the request was in an unknown format: the sandbox does not decode protobuf Lease bodies; create the Lease with kubectl apply -f and a YAML or JSON manifest",
            (string?)body["message"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task AFieldOutsideTheSchema_Answers415NamingTheField()
    {
        await using var api = await StartAsync();
        var secret = new ProtoBody().Message(1, ProtoBody.Meta("db", "ns").Message(17, new ProtoBody().Text(1, "kubectl")));

        var (code, body) = await PostAsync(api, "/api/v1/namespaces/ns/secrets", secret.Envelope("v1", "Secret"), TestContext.Current.CancellationToken);

        Assert.Equal(415, code);
        Assert.StartsWith("the body of the request was in an unknown format: the sandbox does not decode field 17 of ObjectMeta in metadata; create the Secret with kubectl apply -f",
            (string?)body["message"], StringComparison.Ordinal);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(false, "Secret in version \"v1\" cannot be handled as a Secret: provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]")]
    [InlineData(true, "Secret in version \"v1\" cannot be handled as a Secret: the object provided is v1/ConfigMap")]
    public async Task ABodyThatIsNotTheKindsProtobuf_Answers400(bool withMagic, string message)
    {
        await using var api = await StartAsync();
        var configMap = new ProtoBody().Message(1, ProtoBody.Meta("db", "ns")).Envelope("v1", "ConfigMap");

        var (code, body) = await PostAsync(api, "/api/v1/namespaces/ns/secrets", withMagic ? configMap : configMap[4..], TestContext.Current.CancellationToken);

        Assert.Equal((400, message), (code, (string?)body["message"]));
    }

    private static async Task<(int Code, JsonNode Body)> PostAsync(Syncer.Doubles.Kubernetes.KubeApiDouble api, string path, byte[] body, CancellationToken ct)
    {
        using var http = api.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.AdminToken);
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf,application/json");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var response = await http.SendAsync(request, ct);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!);
    }
}
