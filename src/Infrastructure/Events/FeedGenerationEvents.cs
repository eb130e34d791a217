using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Events;

/// <summary>Generation changes on the backplane (<see cref="GenerationChanged"/>).</summary>
internal sealed class FeedGenerationEvents(IEventFeed feed) : IGenerationEvents
{
    public Task PublishChangedAsync(Guid generationId, Guid userId, CancellationToken cancellationToken) =>
        feed.PublishAsync(new GenerationChanged(generationId, userId), cancellationToken);
}
