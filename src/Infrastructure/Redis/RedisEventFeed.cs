using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Observability;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// The Redis pub/sub backplane: one Redis subscription per topic per process, fanned out
/// locally to every handler. A handler that throws is logged and does not affect the others.
/// Publishing goes through <see cref="BackplanePublisher"/> and never waits for Redis. A lost
/// connection ends no subscription: StackExchange.Redis resubscribes by itself once Redis is
/// back, and <see cref="ResyncDelay"/> later every subscriber is told to re-read its state once
/// (whatever was published meanwhile may have been missed).
/// </summary>
internal sealed class RedisEventFeed : IEventFeed
{
    /// <summary>Time for the multiplexer to resubscribe its channels after the connection is restored.</summary>
    public static readonly TimeSpan ResyncDelay = TimeSpan.FromSeconds(1);

    private const string UnavailableMessage = "Live updates are unavailable right now (the event backplane is down); subscribe again in a few seconds.";

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisSettings _settings;
    private readonly RedisCircuit _circuit;
    private readonly BackplanePublisher _publisher;
    private readonly ILogger<RedisEventFeed> _logger;
    private readonly AppMetrics _metrics;
    private readonly ConcurrentDictionary<string, Lazy<Task<Topic>>> _topics = new();

    public RedisEventFeed(IConnectionMultiplexer redis, RedisSettings settings, RedisCircuit circuit, BackplanePublisher publisher, AppMetrics metrics, ILogger<RedisEventFeed> logger)
    {
        _metrics = metrics;
        _redis = redis;
        _settings = settings;
        _circuit = circuit;
        _publisher = publisher;
        _logger = logger;
        circuit.Restored += () => _ = ResyncAllAsync();
    }

    public Task PublishAsync(string topic, string message, CancellationToken cancellationToken)
    {
        _publisher.Enqueue(topic, message);
        _metrics.EventPublished(topic.Split(':')[0]);
        return Task.CompletedTask;
    }

    public async Task<IDisposable> SubscribeAsync(string topic, Action<string> handler, Action resynchronize)
    {
        if (!_circuit.IsClosed)
        {
            throw new EventFeedUnavailableException(UnavailableMessage);
        }

        var entry = _topics.GetOrAdd(topic, name => new Lazy<Task<Topic>>(async () =>
        {
            var created = new Topic();
            await _redis.GetSubscriber().SubscribeAsync(_settings.Channel(name), (_, message) => created.Deliver(message!, _logger));
            return created;
        }));
        IDisposable subscription;
        try
        {
            subscription = (await entry.Value).Add(handler, resynchronize);
        }
        catch (Exception ex) when (RedisCircuit.IsOutage(ex))
        {
            _topics.TryRemove(new KeyValuePair<string, Lazy<Task<Topic>>>(topic, entry)); // let the next subscriber try again
            _circuit.Failed(ex);
            throw new EventFeedUnavailableException(UnavailableMessage, ex);
        }
        catch
        {
            _topics.TryRemove(new KeyValuePair<string, Lazy<Task<Topic>>>(topic, entry));
            throw;
        }

        if (!_circuit.IsClosed)
        {
            subscription.Dispose(); // lost while subscribing: the interruption may have gone by before this subscriber was added
            throw new EventFeedUnavailableException(UnavailableMessage);
        }

        return subscription;
    }

    private async Task ResyncAllAsync()
    {
        await Task.Delay(ResyncDelay);
        var count = 0;
        foreach (var entry in _topics.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                count += entry.Value.Result.Resync(_logger);
            }
        }

        _logger.LogInformation("Redis is back: {Count} live subscription(s) re-read their state", count);
    }

    private sealed class Topic
    {
        private readonly object _gate = new();
        private Subscriber[] _subscribers = [];

        public IDisposable Add(Action<string> handler, Action resynchronize)
        {
            var subscriber = new Subscriber(handler, resynchronize);
            lock (_gate)
            {
                _subscribers = [.. _subscribers, subscriber];
            }

            return new Unsubscriber(() =>
            {
                lock (_gate)
                {
                    _subscribers = _subscribers.Where(s => !ReferenceEquals(s, subscriber)).ToArray();
                }
            });
        }

        public void Deliver(string message, ILogger logger)
        {
            foreach (var subscriber in Volatile.Read(ref _subscribers))
            {
                Run(() => subscriber.Handler(message), logger);
            }
        }

        /// <summary>Tells every subscriber to re-read its state; how many there were.</summary>
        public int Resync(ILogger logger)
        {
            var subscribers = Volatile.Read(ref _subscribers);
            foreach (var subscriber in subscribers)
            {
                Run(subscriber.Resynchronize, logger);
            }

            return subscribers.Length;
        }

        private static void Run(Action action, ILogger logger)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "An event handler failed");
            }
        }

        private sealed record Subscriber(Action<string> Handler, Action Resynchronize);
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
