namespace Son1kVers3.Domain.Generations;

/// <summary>
/// A user's idempotency key, claimed by the first request that carried it, with a hash of that
/// request's normalized input: a retry with the same input finds the first generation; the same
/// key with another input is refused.
/// </summary>
public sealed class IdempotencyClaim
{
    public const int MaxKeyLength = 100;

    private IdempotencyClaim()
    {
        Key = string.Empty;
        RequestHash = string.Empty;
    }

    public Guid UserId { get; private set; }
    public string Key { get; private set; }
    public string RequestHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
