using System.Text.Json;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Infrastructure.Events;

/// <summary>Generation changes on the backplane, as {generationId, userId}.</summary>
internal sealed class FeedGenerationEvents(IEventFeed feed) : IGenerationEvents
{
    public Task PublishChangedAsync(Guid generationId, Guid userId, CancellationToken cancellationToken) =>
        feed.PublishAsync(EventTopics.Generations, JsonSerializer.Serialize(new GenerationChanged(generationId, userId)), cancellationToken);
}
