using System.Text.Json.Serialization;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// An event published on the backplane (every instance receives it). Each event is one record
/// type, written and read by the one backplane serializer; <see cref="Topic"/> is the channel it
/// travels on, and a topic carries events of one type only.
/// </summary>
public interface IBackplaneEvent
{
    string Topic { get; }
}

/// <summary>
/// One id an event of a topic is about (e.g. its generation's id): a subscriber keyed by it is
/// handed only the messages with its id, never every message of the topic. Declare each key once
/// (a static field of the event): the feed groups subscribers by the key object.
/// </summary>
public sealed class EventKey<TEvent>(string name, Func<TEvent, Guid> of)
    where TEvent : class, IBackplaneEvent
{
    public string Name => name;

    public Guid Of(TEvent message) => of(message);
}

/// <summary>A generation changed state (live progress re-reads it).</summary>
public sealed record GenerationChanged(Guid GenerationId, Guid UserId) : IBackplaneEvent
{
    public const string TopicName = "generations";

    /// <summary>The subscribers of one generation.</summary>
    public static readonly EventKey<GenerationChanged> ByGeneration = new(nameof(ByGeneration), e => e.GenerationId);

    /// <summary>The subscribers of one user's generations.</summary>
    public static readonly EventKey<GenerationChanged> ByUser = new(nameof(ByUser), e => e.UserId);

    [JsonIgnore]
    public string Topic => TopicName;
}

/// <summary>The token pool of a UTC day changed (its figures are re-read).</summary>
public sealed record PoolChanged(DateOnly Day) : IBackplaneEvent
{
    public const string TopicName = "pool";

    [JsonIgnore]
    public string Topic => TopicName;
}

/// <summary>A user's security stamp changed: older tokens and open sockets are void.</summary>
public sealed record SecurityStampChanged(Guid UserId) : IBackplaneEvent
{
    public const string TopicName = "user-stamps";

    [JsonIgnore]
    public string Topic => TopicName;
}

/// <summary>A session was ended: its access tokens are void.</summary>
public sealed record SessionEnded(Guid SessionId) : IBackplaneEvent
{
    public const string TopicName = "ended-sessions";

    [JsonIgnore]
    public string Topic => TopicName;
}

/// <summary>A user's row changed (tier, profile, verification, usage revision, deletion): cached copies are stale.</summary>
public sealed record UserChanged(Guid UserId) : IBackplaneEvent
{
    public const string TopicName = "user-rows";

    [JsonIgnore]
    public string Topic => TopicName;
}
