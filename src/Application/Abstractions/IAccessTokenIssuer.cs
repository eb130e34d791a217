using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Abstractions;

/// <summary>Signs short-lived access tokens for a user.</summary>
public interface IAccessTokenIssuer
{
    (string Token, DateTimeOffset ExpiresAt) Issue(User user);
}
