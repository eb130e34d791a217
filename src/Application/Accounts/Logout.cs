using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>Ends the session of the presented refresh token (its family); other devices stay signed in.</summary>
public sealed class Logout(IAppDbContext db, TimeProvider clock)
{
    public async Task<Result<bool>> HandleAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = SessionIssuer.Hash(refreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null)
        {
            return new Error(AccountErrors.InvalidRefreshToken, "The refresh token is unknown.");
        }

        await RefreshSession.RevokeFamilyAsync(db, token.FamilyId, clock.GetUtcNow(), cancellationToken);
        return true;
    }
}
