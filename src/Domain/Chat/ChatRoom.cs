namespace Son1kVers3.Domain.Chat;

public sealed class ChatRoom
{
    public const string GeneralRoomName = "general";

    private ChatRoom()
    {
        Name = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ChatRoom Create(string name, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        CreatedAt = now,
    };
}
