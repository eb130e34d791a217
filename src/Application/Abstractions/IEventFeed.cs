namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// Messages shared by every server instance: a message published on any instance reaches the
/// handlers of its topic on all of them. Handlers must return quickly (hand off, never block).
/// </summary>
public interface IEventFeed
{
    Task PublishAsync(string topic, string message, CancellationToken cancellationToken);

    /// <summary>Completes once messages of the topic are being received; dispose the result to stop.</summary>
    Task<IDisposable> SubscribeAsync(string topic, Action<string> handler);
}

public static class EventTopics
{
    /// <summary>JSON {generationId, userId}: a generation changed.</summary>
    public const string Generations = "generations";

    /// <summary>The date (yyyy-MM-dd) whose pool changed; see <see cref="PoolMessage"/>.</summary>
    public const string Pool = "pool";

    public static string PoolMessage(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
