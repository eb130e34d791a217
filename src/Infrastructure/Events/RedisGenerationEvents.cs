using System.Text.Json;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using StackExchange.Redis;

namespace Son1kVers3.Infrastructure.Events;

/// <summary>Publishes generation changes on Redis, so subscribers on every instance hear them.</summary>
internal sealed class RedisGenerationEvents(IConnectionMultiplexer redis, ILogger<RedisGenerationEvents> logger) : IGenerationEvents
{
    public const string Channel = "son1kvers3:generations";

    public async Task PublishChangedAsync(Guid generationId, Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            var message = JsonSerializer.Serialize(new GenerationChanged(generationId, userId));
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The state is saved; live subscribers miss this step and see the next one.
            logger.LogWarning(ex, "Could not publish the change of generation {Id}", generationId);
        }
    }
}

public sealed record GenerationChanged(Guid GenerationId, Guid UserId);
