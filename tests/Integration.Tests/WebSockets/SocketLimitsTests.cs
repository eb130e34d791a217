using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>What one client may hold and send over WebSocket: sockets per address and per instance, messages per second, pong sizes, the token's lifetime, failing streams.</summary>
[Collection(ApiCollection.Name)]
public class SocketLimitsTests(ApiFactory api)
{
    [Fact]
    public async Task APingWithALargePayload_GetsAnEmptyPong_WhileASmallOneIsEchoed()
    {
        await using var ws = await WsClient.InitAsync(api);

        await ws.SendAsync(new { type = "ping", payload = new { blob = new string('x', 1000) } });
        await ws.SendAsync(new { type = "ping", payload = new { at = 1 } });

        Assert.Equal("""{"type":"pong"}""", (await ws.ReceiveAsync())!.ToJsonString());
        Assert.Equal("""{"type":"pong","payload":{"at":1}}""", (await ws.ReceiveAsync())!.ToJsonString());
    }

    [Fact]
    public async Task MessagesFasterThanTheRateLimit_Close4429()
    {
        await using var server = api.With(("GRAPHQL_WS_MAX_MESSAGES_PER_SECOND", "5"), ("GRAPHQL_WS_MESSAGE_BURST", "10"));
        await using var ws = await WsClient.InitAsync(server);

        for (var i = 0; i < 30; i++)
        {
            await ws.SendAsync(new { type = "ping" });
        }

        Assert.Equal(4429, await ws.ClosedWithAsync());
        Assert.Contains("5 a second", ws.CloseReason);
    }

    [Fact]
    public async Task MessagesWithinTheBurst_AreAllAnswered()
    {
        await using var server = api.With(("GRAPHQL_WS_MAX_MESSAGES_PER_SECOND", "5"), ("GRAPHQL_WS_MESSAGE_BURST", "10"));
        await using var ws = await WsClient.InitAsync(server); // connection_init is message 1

        for (var i = 0; i < 9; i++)
        {
            await ws.SendAsync(new { type = "ping" });
        }

        for (var i = 0; i < 9; i++)
        {
            Assert.Equal("pong", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The21stSocketFromOneAddress_IsRefusedWith429_UntilOneCloses()
    {
        await using var server = api.With();
        var sockets = new List<WsClient>();
        for (var i = 0; i < 20; i++)
        {
            sockets.Add(await WsClient.ConnectAsync(server, forwardedFor: "203.0.113.21"));
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => WsClient.ConnectAsync(server, forwardedFor: "203.0.113.21"));
        Assert.Contains("429", refused.Message);
        await using (await WsClient.ConnectAsync(server, forwardedFor: "203.0.113.22"))
        {
            // another address is not affected
        }

        await sockets[0].DisposeAsync();
        await WaitUntilAsync(async () =>
        {
            await using var again = await WsClient.ConnectAsync(server, forwardedFor: "203.0.113.21");
        });
        foreach (var socket in sockets.Skip(1))
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task SocketsBeyondTheInstanceLimit_AreRefusedWith429()
    {
        await using var server = api.With(("GRAPHQL_WS_MAX_CONNECTIONS", "3"));
        await using var a = await WsClient.ConnectAsync(server, forwardedFor: "198.51.100.1");
        await using var b = await WsClient.ConnectAsync(server, forwardedFor: "198.51.100.2");
        await using var c = await WsClient.ConnectAsync(server, forwardedFor: "198.51.100.3");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => WsClient.ConnectAsync(server, forwardedFor: "198.51.100.4"));

        Assert.Contains("429", refused.Message);
    }

    [Fact]
    public async Task WhenTheConnectionsTokenExpires_TheSocketIsClosedWith4403()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock);
        var user = await server.CreateClient().RegisterAsync(); // a 15-minute token, accepted 30 s past its expiry
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(30) - TimeSpan.FromSeconds(3)); // 2-3 s of validity left ("exp" is in whole seconds)
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var ws = await WsClient.InitAsync(server, user.AccessToken);
        await ws.SubscribeAsync("pool", "subscription { tokenPoolUpdated { uniqueClients } }");
        Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());

        Assert.Equal(4403, await ws.ClosedWithAsync(15_000));

        Assert.Contains("expired", ws.CloseReason);
        Assert.InRange(started.Elapsed.TotalSeconds, 1.9, 10); // at the expiry, not before
    }

    [Fact]
    public async Task ASubscriptionWhoseEventStreamFails_GetsAnErrorMessage_NotASilentComplete()
    {
        await using var server = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEventFeed, UnreachableEventFeed>()));
        await using var ws = await WsClient.InitAsync(server);

        await ws.SubscribeAsync("pool", "subscription { tokenPoolUpdated { uniqueClients } }");

        var message = (await ws.ReceiveAsync())!;
        Assert.Equal(("error", "pool"), (message["type"]!.GetValue<string>(), message["id"]!.GetValue<string>()));
        Assert.Equal("SUBSCRIPTION_STREAM_FAILED", message["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("Subscribe again", message["payload"]![0]!["message"]!.GetValue<string>());
        await ws.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await ws.ReceiveAsync())!["type"]!.GetValue<string>()); // the socket stays usable
    }

    private static async Task WaitUntilAsync(Func<Task> attempt)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception) when (tries < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A backplane that cannot be reached: every subscription to it fails.</summary>
    private sealed class UnreachableEventFeed : IEventFeed
    {
        public Task PublishAsync(IBackplaneEvent message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IDisposable> SubscribeAsync<TEvent>(string topic, Action<TEvent> handler, Action resynchronize)
            where TEvent : class, IBackplaneEvent =>
            Task.FromException<IDisposable>(new InvalidOperationException("The event backplane is unreachable"));

        public Task<IDisposable> SubscribeAsync<TEvent>(string topic, EventKey<TEvent> key, Guid id, Action<TEvent> handler, Action resynchronize)
            where TEvent : class, IBackplaneEvent =>
            SubscribeAsync(topic, handler, resynchronize);
    }
}
