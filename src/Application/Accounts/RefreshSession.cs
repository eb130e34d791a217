using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Trades a refresh token for a new session. Each token works once (claimed with a conditional
/// update, so two concurrent uses cannot both win); presenting a used or revoked one revokes
/// its whole family, since only a thief or a replay would do that.
/// </summary>
public sealed class RefreshSession(IAppDbContext db, SessionIssuer sessions, TimeProvider clock)
{
    public async Task<Result<AuthSession>> HandleAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = SessionIssuer.Hash(refreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null || token.IsExpired(now))
        {
            return Invalid("is unknown or expired; sign in again.");
        }

        var claimed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await RevokeFamilyAsync(db, token.FamilyId, now, cancellationToken);
            return Invalid("was already used or revoked; every session it belongs to is now signed out.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == token.UserId, cancellationToken);
        var session = sessions.Issue(user, token.FamilyId);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    public static Task<int> RevokeFamilyAsync(IAppDbContext db, Guid familyId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);

    private static Error Invalid(string why) => new(AccountErrors.InvalidRefreshToken, "The refresh token " + why);
}
