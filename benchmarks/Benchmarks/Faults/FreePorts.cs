using System.Net;
using System.Net.Sockets;

namespace Son1kVers3.Benchmarks.Faults;

/// <summary>A loopback port free at the moment of asking.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
