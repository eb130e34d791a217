using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Abstractions;

/// <summary>Signs short-lived access tokens for a user.</summary>
public interface IAccessTokenIssuer
{
    /// <summary>The token names the sign-in session (refresh-token family) it belongs to, when there is one.</summary>
    (string Token, DateTimeOffset ExpiresAt) Issue(User user, Guid? sessionId = null);
}
