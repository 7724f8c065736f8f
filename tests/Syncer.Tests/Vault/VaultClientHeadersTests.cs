using System.Collections.Concurrent;
using Syncer.Tests.Vault.Support;
using Syncer.Vault.Http;

namespace Syncer.Tests.Vault;

public sealed class VaultClientHeadersTests
{
    [Fact(Timeout = 30_000)]
    public async Task EveryRequest_CarriesXVaultRequestAndTheNamespace_AndOnlyAuthenticatedOnesTheToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        h.Vault.WriteSecret("secret", "a", new Dictionary<string, object?> { ["k"] = "1" });
        var settings = h.Settings(s => s.Namespace = "team-a");
        var recorder = new RecordingHandler(VaultHttpHandlerFactory.Create(settings));
        var client = h.CreateClient(s => s.Namespace = "team-a", handler: recorder);

        await client.ReadKeyValueAsync("secret/a", cancellationToken: ct);

        Assert.Equal(3, recorder.Seen.Count); // lookup-self at login, mount preflight, read
        Assert.All(recorder.Seen, r => Assert.Equal("true", r.VaultRequest));
        Assert.All(recorder.Seen, r => Assert.Equal("team-a/", r.Namespace));
        Assert.All(recorder.Seen, r => Assert.True(r.HasToken));
        Assert.Contains("team-a/", h.Vault.SeenNamespaces);
    }

    /// <summary>Records headers on the way to the real socket handler (the server is still the double).</summary>
    private sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public ConcurrentQueue<(string? VaultRequest, string? Namespace, bool HasToken)> Seen { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Enqueue((One(request, "X-Vault-Request"), One(request, "X-Vault-Namespace"), request.Headers.Contains("X-Vault-Token")));
            return base.SendAsync(request, cancellationToken);
        }

        private static string? One(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
    }
}
