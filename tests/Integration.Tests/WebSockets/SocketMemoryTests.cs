using System.Net.WebSockets;
using Son1kVers3.Integration.Tests.Support;
using Xunit.Abstractions;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>
/// Abusive sockets against a real server process over TCP, its resident memory sampled while they
/// run: a client must never make the server buffer without limit.
/// </summary>
[Collection(ApiCollection.Name)]
public class SocketMemoryTests(ApiFactory api, ITestOutputHelper output)
{
    private const long SixtyFourMegabytes = 64L * 1024 * 1024;

    [Fact]
    public async Task A64KbPingFlood_KeepsServerMemoryGrowthUnder64Mb_AndTheFloodingSocketIsClosed()
    {
        await using var server = await ServerProcess.StartAsync(api);
        await using var ws = await WsClient.ConnectAsync(server.WebSocketUrl, null);
        var ping = PingWith(new string('x', 64 * 1024 - 100));

        var (growth, sent, stoppedAfter) = await MeasureGrowthAsync(server, ws, ping, seconds: 3);

        output.WriteLine($"{sent} pings of 64 KB sent, never reading; server memory grew {growth / 1024 / 1024} MB; the server ended the socket after {stoppedAfter?.TotalSeconds:0.00} s");
        Assert.True(growth < SixtyFourMegabytes, $"server memory grew {growth / 1024 / 1024} MB during a 64 KB ping flood");
        Assert.True(stoppedAfter is not null, "the server kept reading the flood instead of closing the socket");
    }

    [Fact]
    public async Task ASlowReader_IsClosed_RatherThanBufferedWithoutLimit()
    {
        // No message rate limit here: only the bound on what waits to be sent protects the server.
        await using var server = await ServerProcess.StartAsync(api,
            ("GRAPHQL_WS_MAX_MESSAGES_PER_SECOND", "1000000"), ("GRAPHQL_WS_MESSAGE_BURST", "1000000"), ("GRAPHQL_WS_MAX_QUEUED_BYTES", "262144"));
        await using var ws = await WsClient.ConnectAsync(server.WebSocketUrl, null);
        var ping = PingWith(new string('x', 200)); // small enough to be echoed

        var (growth, sent, stoppedAfter) = await MeasureGrowthAsync(server, ws, ping, seconds: 15); // ends at the close (~4 s here)

        output.WriteLine($"{sent} echoed pings sent, never reading; server memory grew {growth / 1024 / 1024} MB; the server ended the socket after {stoppedAfter?.TotalSeconds:0.00} s");
        Assert.True(growth < SixtyFourMegabytes, $"server memory grew {growth / 1024 / 1024} MB for a client that never reads");
        Assert.True(stoppedAfter is not null, "the server kept the socket of a client that never reads");
    }

    private static string PingWith(string note) => System.Text.Json.JsonSerializer.Serialize(new { type = "ping", payload = new { note } });

    /// <summary>
    /// Sends <paramref name="message"/> in a loop, never reading, for at most <paramref name="seconds"/>
    /// while sampling the server's working set (and a second more); "stopped after" is when the server
    /// ended the socket (a send failed), null when the time was up first.
    /// </summary>
    private static async Task<(long Growth, int Sent, TimeSpan? StoppedAfter)> MeasureGrowthAsync(ServerProcess server, WsClient ws, string message, int seconds)
    {
        await Task.Delay(500);
        var before = server.WorkingSetBytes;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.WorkingSetBytes);
                await Task.Delay(25);
            }
        });
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var (sent, stoppedAfter, started) = (0, (TimeSpan?)null, System.Diagnostics.Stopwatch.StartNew());
        try
        {
            while (true)
            {
                await ws.SendTextAsync(message, window.Token);
                sent++;
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // the time is up with the socket still open
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            stoppedAfter = started.Elapsed;
        }

        await Task.Delay(1000); // what the server queued is still its to hold: keep sampling
        await sampling.CancelAsync();
        await sampler;
        return (peak - before, sent, stoppedAfter);
    }
}
