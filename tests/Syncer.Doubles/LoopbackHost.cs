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
/// <paramref name="certificate"/> it serves TLS, otherwise plain http.
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
