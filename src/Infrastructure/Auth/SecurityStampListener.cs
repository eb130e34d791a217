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
    : FeedListener(feed, SecurityStampTopic.Name, logger)
{
    protected override void Handle(string message)
    {
        if (Guid.TryParseExact(message, "N", out var userId))
        {
            stamps.Evict(userId);
            foreach (var observer in observers)
            {
                observer.StampChanged(userId);
            }
        }
    }
}

/// <summary>Keeps one subscription to a topic of the event feed for the life of the host, subscribing again after a loss.</summary>
internal abstract class FeedListener(IEventFeed feed, string topic, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected abstract void Handle(string message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                using var subscription = await feed.SubscribeAsync(topic, Handle, _ => lost.TrySetResult());
                await lost.Task.WaitAsync(stoppingToken);
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
