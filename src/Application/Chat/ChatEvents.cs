using System.Text.Json.Serialization;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Application.Chat;

/// <summary>
/// A room's live events on the backplane (topic <c>chat:{roomId}</c>). An added message travels
/// whole, so fan-out on every instance needs no database read.
/// </summary>
public sealed record ChatEvent(string Kind, Guid MessageId, Guid RoomId, Guid AuthorId, long Seq, string? Text, DateTimeOffset CreatedAt) : IBackplaneEvent
{
    public const string Added = "added";
    public const string Removed = "removed";

    [JsonIgnore]
    public string Topic => TopicOf(RoomId);

    public static string TopicOf(Guid roomId) => $"chat:{roomId:N}";

    public static ChatEvent Of(string kind, ChatMessage m) => new(kind, m.Id, m.RoomId, m.AuthorId, m.Seq, kind == Added ? m.Text : null, m.CreatedAt);

    public ChatMessage ToMessage() => ChatMessage.Restore(MessageId, RoomId, AuthorId, Seq, Text ?? string.Empty, null, CreatedAt, null);
}

public sealed class ChatEvents(IEventFeed feed)
{
    public Task PublishAsync(string kind, ChatMessage message, CancellationToken ct) =>
        feed.PublishAsync(ChatEvent.Of(kind, message), ct);
}
