namespace Son1kVers3.Domain.Chat;

/// <summary>A chat room: admins name, rename and archive it; an archived room is read-only.</summary>
public sealed class ChatRoom
{
    public const string GeneralRoomName = "general";
    public const int MaxNameLength = 80;

    private ChatRoom()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public bool Archived { get; private set; }

    /// <summary>The sequence number of the room's latest message (assigned by the database on insert).</summary>
    public long LastSeq { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ChatRoom Create(string name, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        CreatedAt = now,
    };

    public void Rename(string name) => Name = name;

    public void SetArchived(bool archived) => Archived = archived;
}
