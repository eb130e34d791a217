namespace Son1kVers3.Domain.Accounts;

/// <summary>A provider account (Google, Facebook, TikTok) linked to a user; one user may link several.</summary>
public sealed class ExternalLogin
{
    private ExternalLogin()
    {
        ProviderUserId = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public OAuthProvider Provider { get; private set; }
    public string ProviderUserId { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }

    public static ExternalLogin Link(Guid userId, OAuthProvider provider, string providerUserId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Provider = provider,
        ProviderUserId = providerUserId,
        LinkedAt = now,
    };
}
