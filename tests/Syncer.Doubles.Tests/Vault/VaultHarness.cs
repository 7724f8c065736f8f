using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Syncer.Doubles.Vault;

namespace Syncer.Doubles.Tests.Vault;

/// <summary>A running double on a FakeTimeProvider plus a raw HttpClient: the wire format is what these tests check.</summary>
internal sealed class VaultHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly CancellationToken _cancellationToken;

    private VaultHarness(VaultDouble vault, FakeTimeProvider time, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        Vault = vault;
        Time = time;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = vault.Address };
    }

    public VaultDouble Vault { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    /// <summary>Tests pass TestContext.Current.CancellationToken so their timeout also stops the requests.</summary>
    public static async Task<VaultHarness> StartAsync(CancellationToken cancellationToken, params VaultMount[] mounts)
    {
        var time = new FakeTimeProvider(Start);
        var vault = await VaultDouble.StartAsync(new VaultDoubleOptions { TimeProvider = time, Mounts = mounts }, cancellationToken);
        return new VaultHarness(vault, time, cancellationToken);
    }

    /// <summary>Sends with the root token unless <paramref name="token"/> is given ("" sends none).</summary>
    public async Task<VaultReply> SendAsync(string method, string path, string? json = null, string? token = null,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/" + path);
        token ??= Vault.RootToken;
        if (token.Length > 0)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        using var response = await Http.SendAsync(request, _cancellationToken);
        var body = await response.Content.ReadAsStringAsync(_cancellationToken);
        return new VaultReply((int)response.StatusCode, body, response.Content.Headers.ContentType, response.Headers);
    }

    public Task<VaultReply> GetAsync(string path, string? token = null) => SendAsync("GET", path, token: token);

    public Task<VaultReply> PostAsync(string path, string json, string? token = null) => SendAsync("POST", path, json, token);

    public Task<VaultReply> DeleteAsync(string path, string? token = null) => SendAsync("DELETE", path, token: token);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Vault.DisposeAsync();
    }
}
