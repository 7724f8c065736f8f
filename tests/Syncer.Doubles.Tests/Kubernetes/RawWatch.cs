using System.Text.Json.Nodes;
using Syncer.Doubles.Kubernetes;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>A watch read raw, one JSON event per line, with the admin token (or another) and an optional Accept header.</summary>
internal sealed class RawWatch : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private RawWatch(HttpClient http, HttpResponseMessage response, StreamReader reader) => (_http, _response, _reader) = (http, response, reader);

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<RawWatch> OpenAsync(KubeApiDouble api, string path, string? accept = null, string? token = null)
    {
        var http = api.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token ?? api.AdminToken);
        if (accept is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);
        }

        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, KubeTest.Ct);
        return new RawWatch(http, response, new StreamReader(await response.Content.ReadAsStreamAsync(KubeTest.Ct)));
    }

    /// <summary>The next event, or null once the server has closed the stream.</summary>
    public async Task<JsonNode?> NextAsync() =>
        await _reader.ReadLineAsync(KubeTest.Ct) is { } line ? JsonNode.Parse(line) : null;

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
    }
}
