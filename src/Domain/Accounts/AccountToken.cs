namespace Son1kVers3.Domain.Accounts;

public enum AccountTokenPurpose
{
    /// <summary>Proves that the person controls <see cref="AccountToken.Email"/> (the account's address, or a new one after a change request).</summary>
    VerifyEmail,
    ResetPassword,
}

/// <summary>
/// A single-use mailed token (verification or password reset). Only its hash is stored; it
/// works once, before it expires, and a newer reset request voids the older ones.
/// </summary>
public sealed class AccountToken
{
    private AccountToken()
    {
        TokenHash = Email = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public AccountTokenPurpose Purpose { get; private set; }
    public string TokenHash { get; private set; }

    /// <summary>The address the token was mailed to (the one it proves, for <see cref="AccountTokenPurpose.VerifyEmail"/>).</summary>
    public string Email { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    public static AccountToken Issue(Guid userId, AccountTokenPurpose purpose, string tokenHash, string email, DateTimeOffset now, TimeSpan lifetime) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Purpose = purpose,
        TokenHash = tokenHash,
        Email = email,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
    };

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && now < ExpiresAt;

    /// <summary>Uses the token (or voids it, when a newer one replaces it).</summary>
    public void Use(DateTimeOffset now) => UsedAt ??= now;
}
