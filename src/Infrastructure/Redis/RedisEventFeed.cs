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

    public Task PublishAsync(IBackplaneEvent message, CancellationToken cancellationToken)
    {
        _publisher.Enqueue(message.Topic, BackplaneSerializer.Serialize(message));
        _metrics.EventPublished(message.Topic.Split(':')[0]);
        return Task.CompletedTask;
    }

    public async Task<IDisposable> SubscribeAsync<TEvent>(string topic, Action<TEvent> handler, Action resynchronize)
        where TEvent : class, IBackplaneEvent
    {
        if (!_circuit.IsClosed)
        {
            throw new EventFeedUnavailableException(UnavailableMessage);
        }

        var entry = _topics.GetOrAdd(topic, name => new Lazy<Task<Topic>>(async () =>
        {
            var created = new Topic(name, typeof(TEvent));
            await _redis.GetSubscriber().SubscribeAsync(_settings.Channel(name), (_, message) => created.Deliver(message, _logger));
            return created;
        }));
        IDisposable subscription;
        try
        {
            subscription = (await entry.Value).Add(typeof(TEvent), message => handler((TEvent)message), resynchronize);
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

    /// <summary>One channel: each message is read once, as the topic's event type, and the same event goes to every handler.</summary>
    private sealed class Topic(string name, Type eventType)
    {
        private readonly object _gate = new();
        private Subscriber[] _subscribers = [];

        public IDisposable Add(Type type, Action<object> handler, Action resynchronize)
        {
            if (type != eventType)
            {
                throw new InvalidOperationException($"Topic '{name}' carries {eventType.Name} events, not {type.Name}.");
            }

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

        public void Deliver(RedisValue message, ILogger logger)
        {
            if (BackplaneSerializer.Deserialize(((ReadOnlyMemory<byte>)message).Span, eventType) is not { } received)
            {
                logger.LogWarning("A message on topic '{Topic}' is not a {Type} event: dropped", name, eventType.Name);
                return;
            }

            foreach (var subscriber in Volatile.Read(ref _subscribers))
            {
                Run(() => subscriber.Handler(received), logger);
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

        private sealed record Subscriber(Action<object> Handler, Action Resynchronize);
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
