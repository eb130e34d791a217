using System.Security.Cryptography;
using System.Text;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Accounts;

/// <summary>Issues an access token and the refresh tokens of session families.</summary>
public sealed class SessionIssuer(IAppDbContext db, IAccessTokenIssuer accessTokens, TimeProvider clock)
{
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>Starts a new session family, recording the device it starts on; adds its first refresh token to the unit of work (the caller saves).</summary>
    public AuthSession Issue(User user, SignInDevice? device = null)
    {
        var (refreshToken, hash) = NewRefreshToken();
        var familyId = Guid.NewGuid();
        db.RefreshTokens.Add(RefreshToken.Issue(user.Id, familyId, hash, clock.GetUtcNow(), RefreshTokenLifetime, device));
        return SessionFor(user, refreshToken, familyId);
    }

    /// <summary>The session a client receives for a refresh token already stored.</summary>
    public AuthSession SessionFor(User user, string refreshToken, Guid? familyId)
    {
        var (accessToken, expiresAt) = accessTokens.Issue(user, familyId);
        return new AuthSession(accessToken, refreshToken, expiresAt, user);
    }

    public static (string Token, string Hash) NewRefreshToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, Hash(token));
    }

    public static string Hash(string refreshToken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
