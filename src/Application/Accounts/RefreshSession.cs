using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Trades a refresh token for a new session. Each token works once; presenting a used or revoked
/// one revokes its whole family, since only a thief or a replay would do that. The store makes
/// rotation atomic against reuse and logout (see <see cref="IRefreshTokenStore"/>).
/// </summary>
public sealed class RefreshSession(IRefreshTokenStore store, IAppDbContext db, SessionIssuer sessions)
{
    public async Task<Result<AuthSession>> HandleAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var (successor, successorHash) = SessionIssuer.NewRefreshToken();
        var rotation = await store.RotateAsync(SessionIssuer.Hash(refreshToken), successorHash, SessionIssuer.RefreshTokenLifetime, cancellationToken);
        return rotation.Outcome switch
        {
            RotationOutcome.Rotated => sessions.SessionFor(
                await db.Users.AsNoTracking().SingleAsync(u => u.Id == rotation.UserId, cancellationToken), successor, rotation.FamilyId),
            RotationOutcome.Suspended => AccountErrors.Suspended(),
            RotationOutcome.Reused => Invalid("was already used or revoked; every session it belongs to is now signed out."),
            _ => Invalid("is unknown or expired; sign in again."),
        };
    }

    private static Error Invalid(string why) => new(ErrorCodes.InvalidRefreshToken, "The refresh token " + why);
}
