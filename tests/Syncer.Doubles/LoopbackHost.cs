using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Syncer.Doubles;

/// <summary>
/// Starts a minimal Kestrel app on 127.0.0.1 (a free port unless one is given) for a double, with the shared
/// <c>GET /_sandbox/requests</c> endpoint. Each double maps its own routes in <paramref name="map"/>. With a
/// <paramref name="certificate"/> it serves TLS (HTTP/1.1 and HTTP/2 by ALPN), otherwise plain http.
/// </summary>
public static class LoopbackHost
{
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(
        RequestCounter requests, Action<WebApplication> map, int port = 0, CancellationToken cancellationToken = default,
        X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            k.Limits.MaxRequestBodySize = 3 * 1024 * 1024 + 1024; // the API server's own cut-off is 3 MiB
            // HTTP/2 (what the KubernetesClient speaks over TLS) multiplexes every request and every long-running
            // watch of a client on one connection: Kestrel's default of 100 streams would queue the 101st request
            // behind open watches. kube-apiserver advertises 1000 (--http2-max-streams-per-connection). Larger
            // receive windows let a write of a few MiB go through without waiting for window updates.
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
            k.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 4 * 1024 * 1024;
        });
        var app = builder.Build();
        app.MapGet("/_sandbox/requests", () => Results.Json(
            new { total = requests.Total, counts = requests.Snapshot() },
            new JsonSerializerOptions { WriteIndented = true }));
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)));
    }
}
