namespace Son1kVers3.Domain.Sharing;

/// <summary>A track downloaded by a user on a UTC day; the same track again that day is not counted again.</summary>
public sealed class Download
{
    private Download()
    {
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public Guid TrackId { get; private set; }
    public DateOnly Day { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Download Record(Guid userId, Guid trackId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        TrackId = trackId,
        Day = Common.UtcDay.Of(now),
        CreatedAt = now,
    };
}
