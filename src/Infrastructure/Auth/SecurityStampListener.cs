using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// Evicts this instance's cached stamp of a user whose stamp changed on any instance, and tells
/// the observers (the open WebSockets of that user close).
/// </summary>
internal sealed class SecurityStampListener(
    IEventFeed feed, SecurityStamps stamps, IEnumerable<ISecurityStampObserver> observers, ILogger<SecurityStampListener> logger)
    : FeedListener<SecurityStampChanged>(feed, SecurityStampChanged.TopicName, logger)
{
    protected override void Handle(SecurityStampChanged message)
    {
        stamps.Evict(message.UserId);
        foreach (var observer in observers)
        {
            observer.StampChanged(message.UserId);
        }
    }

    protected override void Resynchronize() => stamps.EvictAll();
}

/// <summary>Keeps one subscription to a topic of the event feed for the life of the host, subscribing again after a loss.</summary>
internal abstract class FeedListener<TEvent>(IEventFeed feed, string topic, ILogger logger) : BackgroundService
    where TEvent : class, IBackplaneEvent
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected abstract void Handle(TEvent message);

    /// <summary>Called after the backplane came back: messages may have been missed meanwhile.</summary>
    protected abstract void Resynchronize();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The subscription outlives backplane outages (the feed resubscribes and calls Resynchronize).
                using var subscription = await feed.SubscribeAsync<TEvent>(topic, Handle, Resynchronize);
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Never let a listener stop the host: try again shortly (the stamp cache's lifetime bounds what is missed).
                logger.LogWarning("Cannot listen to '{Topic}' events yet: {Reason}", topic, ex.Message);
            }

            await Task.Delay(RetryDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
