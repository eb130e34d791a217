namespace Son1kVers3.Domain.Chat;

/// <summary>A user may not post in a room until <see cref="Until"/>.</summary>
public sealed class ChatMute
{
    private ChatMute()
    {
    }

    public Guid RoomId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset Until { get; private set; }
    public Guid MutedBy { get; private set; }

    public static ChatMute Create(Guid roomId, Guid userId, DateTimeOffset until, Guid mutedBy) => new()
    {
        RoomId = roomId,
        UserId = userId,
        Until = until,
        MutedBy = mutedBy,
    };

    public void Extend(DateTimeOffset until, Guid mutedBy)
    {
        Until = until;
        MutedBy = mutedBy;
    }

    public bool IsActive(DateTimeOffset now) => Until > now;
}
