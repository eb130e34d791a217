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

    public Task<IDisposable> SubscribeAsync<TEvent>(string topic, Action<TEvent> handler, Action resynchronize)
        where TEvent : class, IBackplaneEvent =>
        SubscribeAsync<TEvent>(topic, t => t.Add(typeof(TEvent), null, default, message => handler((TEvent)message), resynchronize));

    public Task<IDisposable> SubscribeAsync<TEvent>(string topic, EventKey<TEvent> key, Guid id, Action<TEvent> handler, Action resynchronize)
        where TEvent : class, IBackplaneEvent =>
        SubscribeAsync<TEvent>(topic, t => t.Add(typeof(TEvent), new Topic.Key(key, message => key.Of((TEvent)message)), id, message => handler((TEvent)message), resynchronize));

    private async Task<IDisposable> SubscribeAsync<TEvent>(string topic, Func<Topic, IDisposable> add)
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
            subscription = add(await entry.Value);
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

    /// <summary>
    /// One channel: each message is read once, as the topic's event type, and the same event goes
    /// to the handlers of the whole topic and to those keyed by its ids (looked up, one per key:
    /// 960 subscribers of 960 generations cost one look-up per message, not 960 calls).
    /// </summary>
    private sealed class Topic(string name, Type eventType)
    {
        private readonly object _gate = new();
        private Subscriber[] _whole = [];
        private Keyed[] _keyed = []; // one per key declared by a subscriber (e.g. by generation, by user)

        /// <summary>Adds a handler of the whole topic (<paramref name="key"/> null) or of one <paramref name="id"/> of the key.</summary>
        public IDisposable Add(Type type, Key? key, Guid id, Action<object> handler, Action resynchronize)
        {
            if (type != eventType)
            {
                throw new InvalidOperationException($"Topic '{name}' carries {eventType.Name} events, not {type.Name}.");
            }

            var subscriber = new Subscriber(handler, resynchronize);
            lock (_gate)
            {
                if (key is null)
                {
                    _whole = [.. _whole, subscriber];
                    return new Unsubscriber(() => RemoveWhole(subscriber));
                }

                var keyed = Array.Find(_keyed, k => ReferenceEquals(k.Declared, key.Declared));
                if (keyed is null)
                {
                    keyed = new Keyed(key.Declared, key.Of);
                    _keyed = [.. _keyed, keyed];
                }

                keyed.Subscribers[id] = [.. keyed.Subscribers.GetValueOrDefault(id, []), subscriber];
                return new Unsubscriber(() => RemoveKeyed(keyed, id, subscriber));
            }
        }

        public void Deliver(RedisValue message, ILogger logger)
        {
            if (BackplaneSerializer.Deserialize(((ReadOnlyMemory<byte>)message).Span, eventType) is not { } received)
            {
                logger.LogWarning("A message on topic '{Topic}' is not a {Type} event: dropped", name, eventType.Name);
                return;
            }

            Hand(Volatile.Read(ref _whole), received, logger);
            foreach (var keyed in Volatile.Read(ref _keyed))
            {
                if (keyed.Subscribers.TryGetValue(keyed.Of(received), out var subscribers))
                {
                    Hand(subscribers, received, logger);
                }
            }
        }

        /// <summary>Tells every subscriber, keyed or not, to re-read its state; how many there were.</summary>
        public int Resync(ILogger logger)
        {
            var count = 0;
            foreach (var subscribers in Volatile.Read(ref _keyed).SelectMany(k => k.Subscribers.Values).Prepend(Volatile.Read(ref _whole)))
            {
                foreach (var subscriber in subscribers)
                {
                    Run(static resynchronize => resynchronize(), subscriber.Resynchronize, logger);
                }

                count += subscribers.Length;
            }

            return count;
        }

        private void RemoveWhole(Subscriber subscriber)
        {
            lock (_gate)
            {
                _whole = Without(_whole, subscriber);
            }
        }

        private void RemoveKeyed(Keyed keyed, Guid id, Subscriber subscriber)
        {
            lock (_gate)
            {
                var left = Without(keyed.Subscribers.GetValueOrDefault(id, []), subscriber);
                if (left.Length == 0)
                {
                    keyed.Subscribers.TryRemove(id, out _);
                }
                else
                {
                    keyed.Subscribers[id] = left;
                }
            }
        }

        private static Subscriber[] Without(Subscriber[] subscribers, Subscriber subscriber) =>
            subscribers.Where(s => !ReferenceEquals(s, subscriber)).ToArray();

        private static void Hand(Subscriber[] subscribers, object received, ILogger logger)
        {
            foreach (var subscriber in subscribers)
            {
                Run(subscriber.Handler, received, logger); // no closure per handler per message
            }
        }

        private static void Run<T>(Action<T> action, T argument, ILogger logger)
        {
            try
            {
                action(argument);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "An event handler failed");
            }
        }

        /// <summary>A key as a subscriber declared it (<paramref name="Declared"/>, the group's identity) and how to read it from an event.</summary>
        public sealed record Key(object Declared, Func<object, Guid> Of);

        private sealed record Subscriber(Action<object> Handler, Action Resynchronize);

        /// <summary>The subscribers of one key, by id (changed under the topic's lock, read without it).</summary>
        private sealed class Keyed(object declared, Func<object, Guid> of)
        {
            public object Declared => declared;

            public Func<object, Guid> Of => of;

            public ConcurrentDictionary<Guid, Subscriber[]> Subscribers { get; } = new();
        }
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
