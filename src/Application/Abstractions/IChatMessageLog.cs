using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Application.Abstractions;

/// <summary>The rooms' message logs: appending takes the room's next sequence number in the database.</summary>
public interface IChatMessageLog
{
    /// <summary>
    /// Appends the message with the room's next sequence number, or returns the author's earlier
    /// message with the same <paramref name="clientMessageId"/>. Refused when the room is missing or archived.
    /// </summary>
    Task<ChatAppend> AppendAsync(Guid roomId, Guid authorId, string text, string? clientMessageId, DateTimeOffset now, CancellationToken ct);
}

public enum ChatAppendOutcome { Created, Existing, RoomNotFound, RoomArchived }

public sealed record ChatAppend(ChatAppendOutcome Outcome, ChatMessage? Message);
