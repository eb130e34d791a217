using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Redis;

/// <summary>
/// Sends published events to Redis in the background, so that publishing never makes a request
/// wait. The queue is bounded (REDIS_PUBLISH_QUEUE_SIZE): while Redis is away (the circuit is
/// open) events wait in it, and once it is full the oldest is dropped and counted. An event whose
/// send failed is sent again when the circuit closes.
/// </summary>
internal sealed class BackplanePublisher : BackgroundService
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisSettings _settings;
    private readonly RedisCircuit _circuit;
    private readonly ILogger<BackplanePublisher> _logger;
    private readonly Channel<QueuedEvent> _queue;
    private readonly Counter<long> _droppedCounter;
    private long _dropped;

    public BackplanePublisher(IConnectionMultiplexer redis, RedisSettings settings, RedisCircuit circuit, IMeterFactory meters, ILogger<BackplanePublisher> logger)
    {
        _redis = redis;
        _settings = settings;
        _circuit = circuit;
        _logger = logger;
        _queue = Channel.CreateBounded<QueuedEvent>(
            new BoundedChannelOptions(settings.PublishQueueSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => CountDropped());
        var meter = meters.Create("Son1kVers3.Backplane");
        _droppedCounter = meter.CreateCounter<long>("son1kvers3.backplane.events_dropped", description: "Events never sent to Redis (queue full, or Redis away at shutdown)");
        meter.CreateObservableGauge("son1kvers3.backplane.events_queued", () => _queue.Reader.Count, description: "Events waiting to be sent to Redis");
    }

    /// <summary>Events that never reached Redis since start.</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting to be sent.</summary>
    public int QueuedEvents => _queue.Reader.Count;

    /// <summary>Never blocks: a full queue drops its oldest event.</summary>
    public void Enqueue(string topic, byte[] message)
    {
        if (!_queue.Writer.TryWrite(new QueuedEvent(topic, message)))
        {
            CountDropped(); // shutting down
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete(); // send what is queued, then stop
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscriber = _redis.GetSubscriber();
        var batch = new List<QueuedEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None)) // ends once StopAsync completed the queue and it is empty
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await SendAsync(subscriber, batch, stoppingToken);
            batch.Clear();
        }
    }

    /// <summary>Sends the batch pipelined (in order, on one connection); what fails is sent again once the circuit closes.</summary>
    private async Task SendAsync(ISubscriber subscriber, List<QueuedEvent> batch, CancellationToken stoppingToken)
    {
        var pending = batch;
        while (pending.Count > 0)
        {
            if (!_circuit.IsClosed)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    pending.ForEach(_ => CountDropped());
                    return;
                }

                await Task.WhenAny(Task.Delay(RetryDelay, stoppingToken));
                continue;
            }

            var sends = pending.Select(e => PublishAsync(subscriber, e)).ToArray();
            try
            {
                await Task.WhenAll(sends);
                return;
            }
            catch (Exception ex) when (RedisCircuit.IsOutage(ex))
            {
                _circuit.Failed(ex);
                pending = pending.Where((_, i) => !sends[i].IsCompletedSuccessfully).ToList();
            }
            catch (Exception ex)
            {
                // Not an outage (a bug): this loop must not die with it, and the loss is counted.
                _logger.LogError(ex, "Publishing to Redis failed; {Count} events dropped", pending.Count);
                pending.ForEach(_ => CountDropped());
                return;
            }
        }
    }

    /// <summary>Any failure, even one thrown before the command is sent, comes back as a faulted task.</summary>
    private async Task PublishAsync(ISubscriber subscriber, QueuedEvent item) =>
        await subscriber.PublishAsync(_settings.Channel(item.Topic), item.Message);

    private void CountDropped()
    {
        if (Interlocked.Increment(ref _dropped) is var total && (total & (total - 1)) == 0)
        {
            _logger.LogWarning("Backplane events dropped: {Total} so far (Redis unavailable while the publish queue was full, or at shutdown)", total);
        }

        _droppedCounter.Add(1);
    }

    private sealed record QueuedEvent(string Topic, byte[] Message);
}
