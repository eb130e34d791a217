namespace Son1kVers3.Domain.Clients;

/// <summary>
/// One browser installation, known by a hash of its install id (the raw id is never stored).
/// Counted once per UTC day for the pool's U.
/// </summary>
public sealed class Client
{
    public const string Unknown = "Unknown";

    private Client()
    {
        InstallHash = string.Empty;
        Country = Unknown;
        City = Unknown;
    }

    public Guid Id { get; private set; }
    public string InstallHash { get; private set; }
    public Guid? UserId { get; private set; }
    public string? UserAgent { get; private set; }
    public string Country { get; private set; }
    public string City { get; private set; }
    public string? CreatedFromAddress { get; private set; }
    public DateTimeOffset FirstSeen { get; private set; }
    public DateTimeOffset LastSeen { get; private set; }
    public int Visits { get; private set; }
}

/// <summary>A client seen on a UTC day: the rows that make U.</summary>
public sealed class ClientDay
{
    public DateOnly Day { get; private set; }
    public Guid ClientId { get; private set; }
}
