using GraphQL;
using GraphQL.DI;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.GraphQL.Execution.Fanout;
using Son1kVers3.GraphQL.Schema;
using Son1kVers3.GraphQL.Transport;
using Son1kVers3.Integration.Tests.Support;
using static Son1kVers3.Integration.Tests.Support.Chat;

namespace Son1kVers3.Integration.Tests.WebSockets;

/// <summary>
/// One event reaching many subscribers of the same subscription on one instance is read once and
/// executed once per group of identical subscribers, not once per subscriber.
/// </summary>
[Collection(ApiCollection.Name)]
public class SubscriptionFanoutTests(ApiFactory api)
{
    private const int Subscribers = 30;
    private static readonly (string, string?) ManySockets = ("GRAPHQL_WS_MAX_CONNECTIONS_PER_ADDRESS", "1000");

    [Fact]
    public async Task ManyTokenPoolSubscribers_OneChange_ReadThePoolOnce_AndGetTheSameResultFromOneExecution()
    {
        await using var server = api.With(ManySockets);
        var sockets = new List<WsClient>();
        try
        {
            for (var n = 0; n < Subscribers; n++)
            {
                var ws = await WsClient.InitAsync(server);
                sockets.Add(ws);
                await ws.SubscribeAsync($"pool{n}", "subscription { tokenPoolUpdated { uniqueClients free { capacity reserved } paid { capacity } } }");
                Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
            }

            var results = server.Services.GetRequiredService<SharedResultCache>();
            var executionsBefore = results.Executions;
            using var counter = new NpgsqlCommandCounter();
            await server.CreateClient().PostAsync("mutation { registerClient(input: { installId: \"" + Guid.NewGuid() + "\" }) { newToday } }");
            var commandsOfTheChange = counter.Count;

            var payloads = new List<string>();
            for (var n = 0; n < Subscribers; n++)
            {
                var next = (await sockets[n].ReceiveAsync())!;
                Assert.Equal($"pool{n}", next["id"]!.GetValue<string>());
                payloads.Add(next["payload"]!.ToJsonString());
            }

            Assert.Single(payloads.Distinct());
            Assert.Equal(1, results.Executions - executionsBefore);
            // The change itself, then one read of the pool for every subscriber (30 reads before the fan-out was shared).
            // The shared read may finish before the mutation's answer reaches the test, so it may fall on either side.
            Assert.InRange(counter.Count - commandsOfTheChange, 0, 3);
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task HundredsOfSubscribers_DeliveredOnSeveralThreads_GetEveryChangeOnce_InOrder()
    {
        await using var server = api.With(ManySockets, ("GRAPHQL_WS_MAX_OPERATIONS", "200"), ("GRAPHQL_WS_MAX_MESSAGES_PER_SECOND", "100000"), ("GRAPHQL_WS_MESSAGE_BURST", "100000"));
        const int Sockets = 3, PerSocket = 120; // 360 listeners: more than one slice of the shared stream's delivery
        var sockets = new List<WsClient>();
        try
        {
            for (var s = 0; s < Sockets; s++)
            {
                var ws = await WsClient.InitAsync(server);
                sockets.Add(ws);
                await SubscribeToPoolAsync(ws, PerSocket, n => $"pool{n}");
            }

            var http = server.CreateClient();
            var seen = sockets.Select(_ => new Dictionary<string, List<int>>()).ToArray();
            for (var change = 1; change <= 2; change++)
            {
                await http.PostAsync("mutation { registerClient(input: { installId: \"" + Guid.NewGuid() + "\" }) { newToday } }");
                for (var s = 0; s < Sockets; s++)
                {
                    for (var n = 0; n < PerSocket; n++)
                    {
                        var next = (await sockets[s].ReceiveAsync())!;
                        var id = next["id"]!.GetValue<string>();
                        (seen[s].TryGetValue(id, out var values) ? values : seen[s][id] = []).Add(next["payload"]!["data"]!["tokenPoolUpdated"]!["uniqueClients"]!.GetValue<int>());
                    }
                }
            }

            foreach (var socket in seen)
            {
                Assert.Equal(PerSocket, socket.Count);
                Assert.All(socket.Values, values => Assert.True(values.Count == 2 && values[0] < values[1], $"got {string.Join(", ", values)}"));
            }
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task StartedSubscriptions_HoldNoServiceScope_AndTheirEventsStillExecuteInScopesOfTheirOwn()
    {
        await using var server = api.With(ManySockets);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "scopes" });
        var generationId = GlobalId.Decode(created["id"]!.GetValue<string>(), "Generation")!.Value;
        var scopes = server.Services.GetRequiredService<OperationScopes>();
        await using var ws = await WsClient.InitAsync(server, user.AccessToken);
        const int Subscriptions = 10;
        for (var n = 0; n < Subscriptions; n++)
        {
            await ws.SubscribeAsync($"pool{n}", "subscription { tokenPoolUpdated { uniqueClients } }");
            await ws.SubscribeAsync($"mine{n}", "subscription { myGenerationUpdated { id status prompt } }");
            Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        }

        await Task.Delay(300); // every subscription is in place (myGenerationUpdated sends nothing until a change)
        // Before, each subscription kept the DI scope of its start (with its DbContext) for its whole life: 20 here.
        Assert.Equal(0, scopes.Open);

        // Events still execute with scoped services (the generation's fields go through the request's loaders).
        await server.Services.GetRequiredService<IEventFeed>().PublishAsync(new GenerationChanged(generationId, GlobalId.Decode(user.UserId, "User")!.Value), CancellationToken.None);
        var prompts = new List<string>();
        for (var n = 0; n < Subscriptions; n++)
        {
            var next = (await ws.ReceiveAsync())!;
            Assert.StartsWith("mine", next["id"]!.GetValue<string>());
            prompts.Add(next["payload"]!["data"]!["myGenerationUpdated"]!["prompt"]!.GetValue<string>());
        }

        Assert.All(prompts, prompt => Assert.Equal("scopes", prompt));
        Assert.Equal(0, scopes.Open);
    }

    [Fact]
    public async Task ManyMyGenerationUpdatedSubscribersOfOneUser_OneChange_ReadTheGenerationOnce_AndGetTheSameBytes()
    {
        await using var server = api.With(ManySockets);
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = "shared" });
        var generationId = GlobalId.Decode(created["id"]!.GetValue<string>(), "Generation")!.Value;
        var sockets = new List<WsClient>();
        try
        {
            for (var n = 0; n < Subscribers; n++)
            {
                var ws = await WsClient.InitAsync(server, user.AccessToken);
                sockets.Add(ws);
                await ws.SubscribeAsync($"mine{n}", "subscription { myGenerationUpdated { id status prompt } }");
            }

            await Task.Delay(500); // every subscription is in place (myGenerationUpdated sends nothing until a change)
            using var counter = new NpgsqlCommandCounter();
            await server.Services.GetRequiredService<IEventFeed>().PublishAsync(new GenerationChanged(generationId, GlobalId.Decode(user.UserId, "User")!.Value), CancellationToken.None);

            var payloads = new List<string>();
            for (var n = 0; n < Subscribers; n++)
            {
                var next = (await sockets[n].ReceiveAsync())!;
                Assert.Equal($"mine{n}", next["id"]!.GetValue<string>());
                payloads.Add(next["payload"]!.ToJsonString());
            }

            Assert.Single(payloads.Distinct());
            // One read of the generation for the instance (a query or two), not one per subscriber (30 reads before).
            Assert.InRange(counter.Count, 1, 3);
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ChatSubscribersOfManyUsers_ShareOneExecution_WhileOnlyTheAuthorSeesTheirOwnEmail()
    {
        await using var server = api.With(ManySockets, ("CHAT_MESSAGES_PER_10_SECONDS", "100000"));
        var client = server.CreateClient();
        var room = await NewRoomAsync(client);
        var users = new List<SignedIn>();
        for (var u = 0; u < 5; u++)
        {
            users.Add(await client.RegisterAsync());
        }

        const string query = "subscription($roomId: ID!) { chatMessageAdded(roomId: $roomId) { id text author { id email } } }";
        var sockets = new List<(WsClient Socket, int User)>();
        try
        {
            for (var n = 0; n < Subscribers; n++)
            {
                var ws = await WsClient.InitAsync(server, users[n % users.Count].AccessToken);
                sockets.Add((ws, n % users.Count));
                await ws.SubscribeAsync("chat", query, new { roomId = room });
            }

            await Task.Delay(1000); // every subscription is live
            var results = server.Services.GetRequiredService<SharedResultCache>();
            var executionsBefore = results.Executions;
            var author = users[0];
            await SendOkAsync(client, author.AccessToken, room, "hello everyone");

            foreach (var (ws, user) in sockets)
            {
                var message = (await ws.ReceiveAsync())!["payload"]!["data"]!["chatMessageAdded"]!;
                Assert.Equal("hello everyone", message["text"]!.GetValue<string>());
                Assert.Equal(user == 0 ? author.Email : "", message["author"]!["email"]!.GetValue<string>());
            }

            // One execution for the other users, one for the author's own view (and at most one more
            // when the author's subscription happened to execute first): not one per subscriber.
            Assert.InRange(results.Executions - executionsBefore, 2, 3);
        }
        finally
        {
            foreach (var (ws, _) in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task FiveHundredSubscribersOfOneGroup_CauseOneExecutionPerEvent_AndEachFrameCarriesItsOwnId()
    {
        await using var server = api.With(ManySockets, ("GRAPHQL_WS_MAX_OPERATIONS", "200"), ("GRAPHQL_WS_MAX_MESSAGES_PER_SECOND", "100000"), ("GRAPHQL_WS_MESSAGE_BURST", "100000"));
        const int Sockets = 5, PerSocket = 100;
        var sockets = new List<WsClient>();
        try
        {
            for (var s = 0; s < Sockets; s++)
            {
                var ws = await WsClient.InitAsync(server);
                sockets.Add(ws);
                await SubscribeToPoolAsync(ws, PerSocket, n => $"s{s}-p{n}");
            }

            var results = server.Services.GetRequiredService<SharedResultCache>();
            var http = server.CreateClient();
            for (var change = 1; change <= 2; change++)
            {
                var executionsBefore = results.Executions;
                await http.PostAsync("mutation { registerClient(input: { installId: \"" + Guid.NewGuid() + "\" }) { newToday } }");
                for (var s = 0; s < Sockets; s++)
                {
                    var ids = new HashSet<string>();
                    for (var n = 0; n < PerSocket; n++)
                    {
                        var next = (await sockets[s].ReceiveAsync())!;
                        Assert.Equal("next", next["type"]!.GetValue<string>());
                        ids.Add(next["id"]!.GetValue<string>());
                    }

                    Assert.Equal(Enumerable.Range(0, PerSocket).Select(n => $"s{s}-p{n}").ToHashSet(), ids);
                }

                Assert.Equal(1, results.Executions - executionsBefore);
            }
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task StartedSharedSubscriptions_KeepNoExecutionStateOfTheirOwn_OnlyOneTemplatePerGroup_AndNoneOnceTheyEnd()
    {
        var executions = new ExecutionOptionsTracker();
        await using var server = api.With(ManySockets).WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IConfigureExecution>(executions)));
        const int Sockets = 2, PerSocket = 10;
        var sockets = new List<WsClient>();
        try
        {
            for (var s = 0; s < Sockets; s++)
            {
                var ws = await WsClient.InitAsync(server);
                sockets.Add(ws);
                for (var n = 0; n < PerSocket; n++)
                {
                    await ws.SubscribeAsync($"pool{n}", "subscription { tokenPoolUpdated { uniqueClients } }");
                    Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
                }
            }

            Assert.Equal(Sockets * PerSocket, executions.Subscriptions);
            // Before, GraphQL.NET kept each subscription's execution (its options, two ExecutionContexts) while it lived: 20 here.
            Assert.InRange(executions.AliveAfterCollection(), 0, 1);
            Assert.Equal(1, server.Services.GetRequiredService<SubscriptionGroups>().Count);

            // And they still get their events, each under its own id.
            await server.CreateClient().PostAsync("mutation { registerClient(input: { installId: \"" + Guid.NewGuid() + "\" }) { newToday } }");
            foreach (var ws in sockets)
            {
                var ids = new HashSet<string>();
                for (var n = 0; n < PerSocket; n++)
                {
                    ids.Add((await ws.ReceiveAsync())!["id"]!.GetValue<string>());
                }

                Assert.Equal(PerSocket, ids.Count);
            }

            foreach (var ws in sockets)
            {
                for (var n = 0; n < PerSocket; n++)
                {
                    await ws.SendAsync(new { id = $"pool{n}", type = "complete" });
                }
            }

            var groups = server.Services.GetRequiredService<SubscriptionGroups>();
            for (var wait = 0; wait < 50 && groups.Count > 0; wait++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(0, groups.Count);
            Assert.Equal(0, executions.AliveAfterCollection());
        }
        finally
        {
            foreach (var ws in sockets)
            {
                await ws.DisposeAsync();
            }
        }
    }

    /// <summary>Subscribes <paramref name="count"/> times to tokenPoolUpdated on one socket, then takes each one's current value.</summary>
    private static async Task SubscribeToPoolAsync(WsClient ws, int count, Func<int, string> idOf)
    {
        for (var n = 0; n < count; n++)
        {
            await ws.SubscribeAsync(idOf(n), "subscription { tokenPoolUpdated { uniqueClients } }");
        }

        for (var n = 0; n < count; n++)
        {
            Assert.Equal("next", (await ws.ReceiveAsync())!["type"]!.GetValue<string>());
        }
    }

    /// <summary>Weak references to the options of every subscription executed: what keeps them alive keeps its execution.</summary>
    private sealed class ExecutionOptionsTracker : IConfigureExecution
    {
        private readonly List<WeakReference<ExecutionOptions>> _subscriptions = [];

        public float SortOrder => 0;

        public int Subscriptions
        {
            get
            {
                lock (_subscriptions)
                {
                    return _subscriptions.Count;
                }
            }
        }

        public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
        {
            if (options.Query?.TrimStart().StartsWith("subscription", StringComparison.Ordinal) == true)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(new WeakReference<ExecutionOptions>(options));
                }
            }

            return next(options);
        }

        public int AliveAfterCollection()
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
            }

            lock (_subscriptions)
            {
                return _subscriptions.Count(w => w.TryGetTarget(out _));
            }
        }
    }
}
