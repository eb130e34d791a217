using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Events;

/// <summary>
/// The Redis pub/sub backplane: one Redis subscription per topic per process, fanned out
/// locally to every handler. A handler that throws is logged and does not affect the others.
/// </summary>
internal sealed class RedisEventFeed(IConnectionMultiplexer redis, ILogger<RedisEventFeed> logger) : IEventFeed
{
    private const string Prefix = "son1kvers3:";
    private readonly ConcurrentDictionary<string, Lazy<Task<Topic>>> _topics = new();

    public async Task PublishAsync(string topic, string message, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + topic), message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The state is saved; live subscribers miss this step and see the next one.
            logger.LogWarning(ex, "Could not publish on {Topic}", topic);
        }
    }

    public async Task<IDisposable> SubscribeAsync(string topic, Action<string> handler)
    {
        var entry = _topics.GetOrAdd(topic, name => new Lazy<Task<Topic>>(async () =>
        {
            var created = new Topic();
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Prefix + name), (_, message) => created.Deliver(message!, logger));
            return created;
        }));
        try
        {
            return (await entry.Value).Add(handler);
        }
        catch
        {
            _topics.TryRemove(new KeyValuePair<string, Lazy<Task<Topic>>>(topic, entry)); // let the next subscriber try again
            throw;
        }
    }

    private sealed class Topic
    {
        private readonly object _gate = new();
        private ImmutableHandlers _handlers = new([]);

        public IDisposable Add(Action<string> handler)
        {
            lock (_gate)
            {
                _handlers = new([.. _handlers.Items, handler]);
            }

            return new Unsubscriber(() =>
            {
                lock (_gate)
                {
                    _handlers = new(_handlers.Items.Where(h => h != handler).ToArray());
                }
            });
        }

        public void Deliver(string message, ILogger logger)
        {
            foreach (var handler in _handlers.Items)
            {
                try
                {
                    handler(message);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "An event handler failed");
                }
            }
        }

        private sealed record ImmutableHandlers(Action<string>[] Items);
    }

    private sealed class Unsubscriber(Action unsubscribe) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
