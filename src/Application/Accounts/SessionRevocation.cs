using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Ends sign-in sessions: every refresh token of the user (but those of a kept family) stops working.
/// It first locks the user's row, which a refresh holds shared while it rotates (see
/// <see cref="IRefreshTokenStore"/>): so a rotation in flight finishes first and its successor is
/// revoked here too, and a rotation that starts later sees its token revoked. A refresh racing a
/// reset, a suspension or a deletion cannot leave a live refresh token behind.
/// </summary>
public static class SessionRevocation
{
    public static async Task<int> RevokeAllAsync(IAppDbContext db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken, Guid? keepFamily = null)
    {
        // Joins the caller's transaction when there is one; otherwise its own.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // A no-op UPDATE: the row lock that a rotation's shared lock waits for (and waits on).
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, u => u.SecurityStamp), cancellationToken);
        var revoked = await db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && (keepFamily == null || t.FamilyId != keepFamily))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return revoked;
    }
}
