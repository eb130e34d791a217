using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Transport;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Redis;

/// <summary>
/// The feed side of a Redis outage, seen where the WebSocket transport sees it: a subscription
/// that cannot start (what <see cref="GraphQLExecutor"/> returns) ends with OnError carrying
/// SERVICE_UNAVAILABLE, never with a silent OnCompleted or silence. (An open subscription
/// outlives the outage: see Faults/SubscriptionOutageTests.)
/// </summary>
[Collection(ApiCollection.Name)]
public class BackplaneLossTests(ApiFactory api)
{
    private const string WatchPool = "subscription { tokenPoolUpdated { date } }";

    [Fact]
    public async Task ASubscriptionMadeWhileRedisIsDead_EndsAtOnceWithServiceUnavailable()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var server = api.With(("REDIS_URL", redis.Url));
        _ = server.Server;
        redis.Kill();
        await server.CreateClient().WaitForCheckAsync("redis", "Degraded");

        var watch = Stopwatch.StartNew();
        var stream = await SubscribeAsync(server.Services, WatchPool);
        var end = await stream.End.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
        Assert.Equal("SERVICE_UNAVAILABLE", ApiErrorInfoProvider.CodeOf(Assert.IsAssignableFrom<ExecutionError>(end)));
        Assert.False(stream.FirstNext.IsCompleted);
    }

    /// <summary>Runs a subscription as the WebSocket transport does and records what its stream does.</summary>
    private static async Task<RecordedStream> SubscribeAsync(IServiceProvider services, string query)
    {
        var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<GraphQLExecutor>().ExecuteAsync(
            new GraphQLHttpRequest(query, null, null, null), null, scope.ServiceProvider, new ClaimsPrincipal(new ClaimsIdentity()), CancellationToken.None);
        Assert.True(result.Executed && result.Streams is { Count: 1 }, "not a subscription stream");
        var recorded = new RecordedStream();
        result.Streams!.Values.Single().Subscribe(recorded);
        return recorded;
    }

    private sealed class RecordedStream : IObserver<ExecutionResult>
    {
        private readonly TaskCompletionSource _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Exception?> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstNext => _firstNext.Task;

        /// <summary>The error the stream ended with, or null for a silent OnCompleted.</summary>
        public Task<Exception?> End => _end.Task;

        public void OnNext(ExecutionResult value) => _firstNext.TrySetResult();

        public void OnError(Exception error) => _end.TrySetResult(error);

        public void OnCompleted() => _end.TrySetResult(null);
    }
}
