namespace Son1kVers3.Domain.Accounts;

/// <summary>
/// One refresh token of a sign-in session (a family). Only its hash is stored. It is used once:
/// using it issues the next token of the family; presenting a used or revoked token again means
/// it was stolen, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken()
    {
        TokenHash = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public Guid FamilyId { get; private set; }
    public string TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The device that started the session (every token of a family carries the same).</summary>
    public string? UserAgent { get; private set; }

    public string? Country { get; private set; }

    public static RefreshToken Issue(Guid userId, Guid familyId, string tokenHash, DateTimeOffset now, TimeSpan lifetime, SignInDevice? device = null) => new()
    {
        UserAgent = device?.UserAgent,
        Country = device?.Country,
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        FamilyId = familyId,
        TokenHash = tokenHash,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
    };

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
