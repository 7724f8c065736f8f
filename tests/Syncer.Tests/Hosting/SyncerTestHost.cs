using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Prometheus;
using Syncer.Hosting;
using Syncer.Sync;
using Syncer.Tests.Scheduling;

namespace Syncer.Tests.Hosting;

/// <summary>
/// The real Syncer host as Program.cs builds it (AddSyncer + MapSyncerEndpoints), on a free loopback port, with a
/// test's Kubernetes configuration, a private metric registry and a recording sync handler.
/// </summary>
internal sealed class SyncerTestHost : IAsyncDisposable
{
    private bool _started;

    private SyncerTestHost(WebApplication app, RecordingSyncHandler handler, CollectorRegistry registry, FakeLogCollector logs)
    {
        App = app;
        Handler = handler;
        Registry = registry;
        Logs = logs;
    }

    public WebApplication App { get; }

    public RecordingSyncHandler Handler { get; }

    public CollectorRegistry Registry { get; }

    /// <summary>What the host logged (Information and above).</summary>
    public FakeLogCollector Logs { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Builds the host; <see cref="StartAsync"/> is left to the test. With <paramref name="realSyncEngine"/> the host
    /// syncs for real (Vault client and sync engine from AddSyncer, settings must point at a Vault); otherwise syncs
    /// go to <see cref="Handler"/>. <paramref name="configure"/> may register services (an <c>IKubernetes</c> with a
    /// counting handler, a log collector) before AddSyncer.
    /// </summary>
    public static SyncerTestHost Build(
        KubernetesClientConfiguration kubernetes, IDictionary<string, string?>? settings = null, bool realSyncEngine = false, Action<WebApplicationBuilder>? configure = null)
    {
        // Development turns on the container's ValidateOnBuild: every registration must be resolvable.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Syncer:Discovery:RetryInitialDelay"] = "00:00:00.050",
            ["Syncer:Discovery:RetryMaxDelay"] = "00:00:00.500",
            // Valid but unused Vault settings, for when AddSyncer registers the Vault client (validated at start):
            // these tests replace the sync engine with a recording handler.
            ["Vault:Address"] = "http://127.0.0.1:1",
            ["Vault:Auth:Token"] = "unused-test-token",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        var logs = new FakeLogCollector();
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        var handler = new RecordingSyncHandler();
        var registry = Metrics.NewCustomRegistry();
        builder.Services.AddSingleton(kubernetes);
        builder.Services.AddSingleton(registry);
        if (!realSyncEngine)
        {
            builder.Services.AddSingleton<ISyncHandler>(handler);
        }

        configure?.Invoke(builder); // before AddSyncer: what a test registers wins over AddSyncer's TryAdds
        builder.Services.AddSyncer(builder.Configuration);

        var app = builder.Build();
        app.MapSyncerEndpoints();
        return new SyncerTestHost(app, handler, registry, logs);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await App.StartAsync(cancellationToken);
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(stopping.Token);
        }

        await App.DisposeAsync();
    }
}
