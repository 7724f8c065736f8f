namespace Syncer.Tests.Vault.Support;

/// <summary>Counts the client's HTTP requests still in flight, so a test advances the fake clock only when none is.</summary>
internal sealed class InFlightHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _inFlight;
    private long _started;

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Started => Interlocked.Read(ref _started);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
