namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Counts the open sockets of this instance, in total and per client address (as the trusted-proxy
/// rule computed it), and refuses one more beyond <see cref="WebSocketSettings.MaxConnections"/> or
/// <see cref="WebSocketSettings.MaxConnectionsPerAddress"/>.
/// </summary>
public sealed class WebSocketConnectionLimits(WebSocketSettings settings)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _perAddress = [];
    private int _total;

    /// <summary>A slot for one socket, released by disposing it; null (with the reason) when a limit is reached.</summary>
    public IDisposable? TryOpen(string address, out string? refusal)
    {
        lock (_gate)
        {
            var fromAddress = _perAddress.GetValueOrDefault(address);
            refusal = _total >= settings.MaxConnections
                ? $"This server has its maximum of {settings.MaxConnections} WebSocket connections open; retry later."
                : fromAddress >= settings.MaxConnectionsPerAddress
                    ? $"Your address has its maximum of {settings.MaxConnectionsPerAddress} WebSocket connections open; close one first."
                    : null;
            if (refusal is not null)
            {
                return null;
            }

            _perAddress[address] = fromAddress + 1;
            _total++;
            return new Slot(this, address);
        }
    }

    private void Release(string address)
    {
        lock (_gate)
        {
            _total--;
            if (--_perAddress[address] == 0)
            {
                _perAddress.Remove(address);
            }
        }
    }

    private sealed class Slot(WebSocketConnectionLimits limits, string address) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limits.Release(address);
            }
        }
    }
}
