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

/// <summary>A generation changed state (live progress re-reads it).</summary>
public sealed record GenerationChanged(Guid GenerationId, Guid UserId) : IBackplaneEvent
{
    public const string TopicName = "generations";

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
