using System.Security.Cryptography;
using System.Text;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Accounts;

/// <summary>Issues an access token and the next refresh token of a session family.</summary>
public sealed class SessionIssuer(IAppDbContext db, IAccessTokenIssuer accessTokens, TimeProvider clock)
{
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>Adds the refresh token to the unit of work; the caller saves.</summary>
    public AuthSession Issue(User user, Guid? familyId = null)
    {
        var refreshToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.RefreshTokens.Add(RefreshToken.Issue(user.Id, familyId ?? Guid.NewGuid(), Hash(refreshToken), clock.GetUtcNow(), RefreshTokenLifetime));
        var (accessToken, expiresAt) = accessTokens.Issue(user);
        return new AuthSession(accessToken, refreshToken, expiresAt, user);
    }

    public static string Hash(string refreshToken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
