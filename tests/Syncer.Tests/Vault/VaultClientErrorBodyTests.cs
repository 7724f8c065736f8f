using Syncer.Tests.Vault.Support;
using Syncer.Vault;

namespace Syncer.Tests.Vault;

/// <summary>
/// An error body that is not Vault's JSON (a proxy's page, a cut-off answer) is never copied into an exception, not
/// even in part; the status stays, and so do Vault's own error strings when the body is Vault's JSON.
/// </summary>
public sealed class VaultClientErrorBodyTests
{
    private const string Marker = "pa55-w0rd-in-a-proxy-page";

    [Theory(Timeout = 30_000)]
    [InlineData(400, "<html><body>Bad gateway config: " + Marker + "</body></html>", "text/html")]
    [InlineData(502, "{\"errors\":[\"" + Marker, "application/json")] // Vault's JSON, cut short
    [InlineData(500, Marker, "text/plain")]
    public async Task ErrorBody_ThatIsNotVaultsJson_NeverReachesTheException(int status, string body, string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = h.CreateClient(s => (s.KvVersions["secret"], s.Retry.MaxAttempts) = (2, 1));
        h.Vault.Faults.FailNextWithBody(1, status, body, contentType, "secret/data/");

        var e = await Assert.ThrowsAnyAsync<VaultApiException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));

        Assert.Equal(status, e.StatusCode);
        Assert.Empty(e.ApiErrors);
        Assert.Contains($"HTTP {status}", e.Message, StringComparison.Ordinal);
        Assert.Contains("not Vault's JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55", e.ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ErrorBody_InVaultsJson_KeepsVaultsOwnErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await VaultHarness.StartAsync(ct);
        var client = h.CreateClient(s => (s.KvVersions["secret"], s.Retry.MaxAttempts) = (2, 1));
        h.Vault.Faults.FailNext(1, 502, pathPrefix: "secret/data/");

        var e = await Assert.ThrowsAnyAsync<VaultApiException>(() => client.ReadKeyValueAsync("secret/app", cancellationToken: ct));

        Assert.Equal(["upstream rate limited"], e.ApiErrors);
        Assert.Contains("HTTP 502 (upstream rate limited)", e.Message, StringComparison.Ordinal);
    }
}
