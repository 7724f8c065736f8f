using static Syncer.Doubles.Tests.Kubernetes.KubeTest;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>The double's request log: tests read how a client asked, not only how often.</summary>
public sealed class RequestLogTests
{
    [Fact(Timeout = 10_000)]
    public async Task Log_RecordsMethodPathQueryAndAcceptAsSent()
    {
        _ = TestContext.Current.CancellationToken; // RawAsync takes the test's token itself
        await using var api = await StartAsync();
        const string accept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

        await RawAsync(api, HttpMethod.Get, "/api/v1/namespaces/ns/secrets?limit=2", accept: accept);

        var logged = Assert.Single(api.Log.Entries, e => e.Path == "/api/v1/namespaces/ns/secrets");
        Assert.Equal(("GET", "?limit=2", accept, false), (logged.Method, logged.Query, logged.Accept, logged.IsWatch));
    }
}
