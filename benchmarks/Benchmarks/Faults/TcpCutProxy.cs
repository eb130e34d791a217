using System.Net;
using System.Net.Sockets;

namespace Son1kVers3.Benchmarks.Faults;

/// <summary>
/// A TCP proxy in the test process in front of a real server (e.g. the shared PostgreSQL): the
/// test cuts it (every open connection reset, new ones refused) and restores it on the same port,
/// so an outage is simulated without stopping the server others use.
/// </summary>
public sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly object _gate = new();
    private TcpListener? _listener;

    private TcpCutProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public static TcpCutProxy Start(string host, int port)
    {
        var proxy = new TcpCutProxy(new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port), FreePorts.Next());
        proxy.Restore();
        return proxy;
    }

    /// <summary>A proxy in front of the database's PostgreSQL, and the connection string through it (3 s connect timeout).</summary>
    public static TcpCutProxy InFrontOfDatabase(string connectionString, out string proxiedConnectionString)
    {
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var proxy = Start(direct.Host!, direct.Port);
        proxiedConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        return proxy;
    }

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST, as a dead server would leave it
                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener);
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // cut
            }

            _ = PipeAsync(inbound);
        }
    }

    private async Task PipeAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_target);
            lock (_gate)
            {
                if (_listener is null)
                {
                    throw new SocketException((int)SocketError.ConnectionRefused);
                }

                _open.Add(inbound);
                _open.Add(outbound);
            }

            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // cut or closed
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(inbound);
                _open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
