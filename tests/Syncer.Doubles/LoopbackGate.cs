using System.Net;
using System.Net.Sockets;

namespace Syncer.Doubles;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a loopback server (a double), for the one fault a server cannot give itself:
/// connection refused. <see cref="Refuse"/> closes the listening socket, so a new connection gets ECONNREFUSED as from
/// a server that is down, and resets every connection it relays; <see cref="Admit"/> listens again on the same port.
/// Clients are pointed at <see cref="Address"/> instead of the server's. Written by hand: no package in our registry
/// relays TCP. Thread-safe.
/// </summary>
public sealed class LoopbackGate : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly IPEndPoint _target;
    private readonly int _port;
    private TcpListener? _listener;
    private CancellationTokenSource _relays = new();
    private long _connections;

    private LoopbackGate(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener = Listen(0);
        _port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Address = new UriBuilder(target) { Port = _port }.Uri;
        _ = AcceptAsync(_listener, _relays.Token);
    }

    /// <summary>The server's address with the gate's port: what clients use.</summary>
    public Uri Address { get; }

    /// <summary>True between <see cref="Refuse"/> and <see cref="Admit"/>.</summary>
    public bool Refusing
    {
        get { lock (_lock) { return _listener is null; } }
    }

    /// <summary>Connections accepted and relayed so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Starts relaying 127.0.0.1:&lt;a free port&gt; to the loopback port of <paramref name="target"/>.</summary>
    public static LoopbackGate Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new LoopbackGate(target);
    }

    /// <summary>Stops listening (new connections are refused) and resets the connections in flight.</summary>
    public void Refuse()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            _relays.Cancel();
            _relays.Dispose();
            _relays = new CancellationTokenSource();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Admit()
    {
        lock (_lock)
        {
            if (_listener is null)
            {
                _listener = Listen(_port);
                _ = AcceptAsync(_listener, _relays.Token);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Refuse();
        return ValueTask.CompletedTask;
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true); // rebind at once
        listener.Start();
        return listener;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // Refuse stopped the listener
            }

            Interlocked.Increment(ref _connections);
            _ = RelayAsync(client, stop);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken stop)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(_target, stop);
                await using var reset = stop.Register(() => { Reset(client); Reset(upstream); });
                var down = client.GetStream();
                var up = upstream.GetStream();
                Task[] pumps = [PumpAsync(down, up, upstream.Client), PumpAsync(up, down, client.Client)];
                if ((await Task.WhenAny(pumps)).IsFaulted)
                {
                    Reset(client); // one side failed: the other must not wait for a keep-alive timeout
                    Reset(upstream);
                }

                await Task.WhenAll(pumps);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                Reset(client);
            }
        }
    }

    /// <summary>Copies one direction; at its end of stream, half-closes the other side as the peer did.</summary>
    private static async Task PumpAsync(NetworkStream from, NetworkStream to, Socket toSocket)
    {
        await from.CopyToAsync(to);
        toSocket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Closes with an RST (linger 0), as a server that went away does.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already closed
        }
    }
}
