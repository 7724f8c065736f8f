using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Syncer.Doubles.Kubernetes;

namespace Syncer.Doubles.Tests.Kubernetes;

/// <summary>Shared helpers: a started double, the real KubernetesClient on it, and raw HTTP for wire-format checks.</summary>
internal static class KubeTest
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<KubeApiDouble> StartAsync(KubeApiDoubleOptions? options = null) =>
        KubeApiDouble.StartAsync(options ?? new KubeApiDoubleOptions { Namespaces = ["ns"] }, Ct);

    public static k8s.Kubernetes Client(KubeApiDouble api, string? token = null) => new(api.CreateClientConfiguration(token));

    public static V1Secret Secret(string name, params (string Key, string Value)[] data) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
    };

    public static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
            },
        },
    };

    /// <summary>Raw request with the admin token (or <paramref name="token"/>, or none for ""); returns status and parsed body.</summary>
    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> RawAsync(
        KubeApiDouble api, HttpMethod method, string path, string? body = null, string contentType = "application/json", string? token = null,
        string? accept = null)
    {
        using var http = api.CreateHttpClient();
        using var request = new HttpRequestMessage(method, path);
        if ((token ?? api.AdminToken) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after 15 s (the test's own timeout may be shorter).</summary>
    public static async Task PollAsync(Func<bool> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Runs a call expected to fail and returns the Status object the server answered.</summary>
    public static async Task<V1Status> StatusOfAsync(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        return KubernetesJson.Deserialize<V1Status>(e.Response.Content);
    }
}
