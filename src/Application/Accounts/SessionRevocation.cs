using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Application.Accounts;

/// <summary>Ends sign-in sessions: every refresh token of the user (but those of a kept family) stops working.</summary>
public static class SessionRevocation
{
    public static Task<int> RevokeAllAsync(IAppDbContext db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken, Guid? keepFamily = null) =>
        db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && (keepFamily == null || t.FamilyId != keepFamily))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
}
