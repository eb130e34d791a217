namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// A token bucket for the messages one socket sends us: <c>burst</c> at once, then
/// <c>perSecond</c> on average. Used by the socket's single reader, so it needs no locking.
/// </summary>
public sealed class WebSocketMessageRate(int perSecond, int burst, TimeProvider clock)
{
    private double _tokens = burst;
    private long _last = clock.GetTimestamp();

    /// <summary>Counts one message; false when the socket is over its rate.</summary>
    public bool TryTake()
    {
        var now = clock.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + clock.GetElapsedTime(_last, now).TotalSeconds * perSecond);
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
