using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>HS256 access tokens carrying only the user's id (tier and role are read fresh per request).</summary>
internal sealed class JwtAccessTokenIssuer(JwtSettings settings, TimeProvider clock) : IAccessTokenIssuer
{
    /// <summary>The user's security stamp when the token was issued (see <see cref="ISecurityStamps"/>).</summary>
    public const string StampClaim = Application.Accounts.AccessTokenChecks.StampClaim;

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The sign-in session (refresh-token family) the token belongs to.</summary>
    public const string SessionClaim = Application.Accounts.AccessTokenChecks.SessionClaim;

    public (string Token, DateTimeOffset ExpiresAt) Issue(User user, Guid? sessionId = null)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + JwtSettings.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtSettings.Issuer,
            Audience = JwtSettings.Audience,
            Subject = new ClaimsIdentity(sessionId is null ? Claims(user) : [.. Claims(user), new Claim(SessionClaim, sessionId.Value.ToString("N"))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(settings), SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }

    private static Claim[] Claims(User user) =>
    [
        new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
        new Claim(StampClaim, user.SecurityStamp.ToString("N")),
    ];

    public static SymmetricSecurityKey SigningKey(JwtSettings settings) => new(Encoding.UTF8.GetBytes(settings.Secret));
}
