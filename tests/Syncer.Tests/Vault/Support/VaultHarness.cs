using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Syncer.Doubles.Vault;
using Syncer.Observability;
using Syncer.Vault;
using Syncer.Vault.Auth;
using Syncer.Vault.Configuration;
using Syncer.Vault.Http;

namespace Syncer.Tests.Vault.Support;

/// <summary>
/// The Vault double and the real client over loopback HTTP, sharing one fake clock; every log line of the client is
/// captured at Trace level. Defaults: the root token, 3 attempts, 1–1.5 s backoff (tests drive the clock).
/// </summary>
internal sealed class VaultHarness : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly List<VaultClient> _clients = [];
    private readonly List<InFlightHandler> _inFlight = [];
    private SyncerMetrics? _metrics;

    private VaultHarness(VaultDouble vault, ObservableFakeTimeProvider time)
    {
        Vault = vault;
        Time = time;
        Logs = new FakeLogCollector();
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
    }

    public VaultDouble Vault { get; }

    public ObservableFakeTimeProvider Time { get; }

    public Prometheus.CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public SyncerMetrics Metrics => _metrics ??= new SyncerMetrics(Prometheus.Metrics.WithCustomRegistry(Registry));

    public FakeLogCollector Logs { get; }

    /// <param name="tlsServerName">When set, the double serves https for that name only (its CA: <c>Vault.CaCertificatePem</c>).</param>
    public static async Task<VaultHarness> StartAsync(CancellationToken cancellationToken, string? tlsServerName = null)
    {
        var time = new ObservableFakeTimeProvider();
        var vault = await VaultDouble.StartAsync(new VaultDoubleOptions { TimeProvider = time, TlsServerName = tlsServerName }, cancellationToken);
        return new VaultHarness(vault, time);
    }

    public VaultClientSettings Settings(Action<VaultClientSettings>? configure = null)
    {
        var settings = new VaultClientSettings { Address = Vault.Address.ToString() };
        configure?.Invoke(settings);
        return settings;
    }

    public VaultClient CreateClient(Action<VaultClientSettings>? configure = null, IAuthMethodInfo? auth = null, HttpMessageHandler? handler = null)
    {
        var settings = Settings(configure);
        var inFlight = new InFlightHandler(handler ?? VaultHttpHandlerFactory.Create(settings));
        _inFlight.Add(inFlight);
        var client = new VaultClient(
            settings,
            auth ?? TokenAuthMethodInfo.FromToken(Vault.RootToken),
            Metrics,
            _loggerFactory.CreateLogger<VaultClient>(),
            Time,
            inFlight);
        _clients.Add(client);
        return client;
    }

    public long Count(string method, string route) => Vault.Requests.Count(method, route);

    /// <summary>Requests whose route starts with <paramref name="prefix"/>, any method.</summary>
    public long CountPrefix(string prefix) => Vault.Requests.CountWhere((_, route) => route.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>A token that may read and list under secret/ and kv/ (and look itself up).</summary>
    public string ReaderToken(TimeSpan ttl = default, TimeSpan maxTtl = default, bool renewable = true)
    {
        Vault.PutPolicy("reader", new PolicyRule("secret/*", "read", "list"), new PolicyRule("kv/*", "read", "list"));
        return Vault.CreateToken(new TokenSpec(["reader"], ttl, maxTtl, renewable));
    }

    /// <summary>
    /// Completes <paramref name="task"/> (or waits until <paramref name="until"/>) by advancing the fake clock to each
    /// next pending timer in turn (retry waits, renewal sleeps), exactly, and only while the client is quiet (no HTTP
    /// request in flight, nothing new started for a moment). Returns the total advanced.
    /// </summary>
    public async Task<TimeSpan> DriveAsync(Task task, CancellationToken cancellationToken, Func<bool>? until = null)
    {
        var started = Time.GetUtcNow();
        until ??= () => task.IsCompleted;
        while (!until())
        {
            await Eventually.HoldsAsync(() => until() || (Time.NextDue() is not null && IsQuiet()), "the client to wait or finish", cancellationToken);
            var before = (Requests: _inFlight.Sum(h => h.Started), Timers: Time.TimersCreated);
            await Task.Delay(20, cancellationToken); // settle: let continuations that start a request or a delay run
            if (until() || !IsQuiet() || before != (_inFlight.Sum(h => h.Started), Time.TimersCreated))
            {
                continue;
            }

            if (Time.NextDue() is { } next)
            {
                Time.Advance(next - Time.GetUtcNow());
            }
        }

        return Time.GetUtcNow() - started;
    }

    private bool IsQuiet() => _inFlight.All(h => h.InFlight == 0);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Vault.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
