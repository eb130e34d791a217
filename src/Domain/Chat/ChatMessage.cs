namespace Son1kVers3.Domain.Chat;

/// <summary>
/// A message of a room. <see cref="Seq"/> is the room's order, assigned by the database in the
/// inserting transaction; a deleted message keeps its place but leaves the history.
/// </summary>
public sealed class ChatMessage
{
    private ChatMessage()
    {
        Text = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid RoomId { get; private set; }
    public Guid AuthorId { get; private set; }
    public long Seq { get; private set; }
    public string Text { get; private set; }
    public string? ClientMessageId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    public static ChatMessage Restore(Guid id, Guid roomId, Guid authorId, long seq, string text, string? clientMessageId, DateTimeOffset createdAt, DateTimeOffset? deletedAt) => new()
    {
        Id = id,
        RoomId = roomId,
        AuthorId = authorId,
        Seq = seq,
        Text = text,
        ClientMessageId = clientMessageId,
        CreatedAt = createdAt,
        DeletedAt = deletedAt,
    };

    public void Delete(DateTimeOffset now) => DeletedAt ??= now;
}
