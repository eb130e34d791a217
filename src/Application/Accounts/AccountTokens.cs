using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Accounts;

/// <summary>Mailed single-use tokens: 32 random bytes, only their hash stored.</summary>
public sealed class AccountTokens(IAppDbContext db, TimeProvider clock)
{
    /// <summary>Adds a new token to the unit of work (the caller saves) and returns its plain value, for the mail only.</summary>
    public string Issue(Guid userId, AccountTokenPurpose purpose, string email, TimeSpan lifetime)
    {
        var (token, hash) = SessionIssuer.NewRefreshToken();
        db.AccountTokens.Add(AccountToken.Issue(userId, purpose, hash, email, clock.GetUtcNow(), lifetime));
        return token;
    }

    /// <summary>
    /// Uses the token of that purpose if it is unused and unexpired, atomically (of two concurrent
    /// uses one wins); null otherwise.
    /// </summary>
    public async Task<AccountToken?> UseAsync(string token, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var hash = SessionIssuer.Hash(token);
        var now = clock.GetUtcNow();
        var found = await db.AccountTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
        if (found is null || !found.IsUsable(now))
        {
            return null;
        }

        var used = await db.AccountTokens
            .Where(t => t.Id == found.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        return used == 1 ? found : null;
    }

    /// <summary>Voids every unused token of that purpose of the user (a newer one replaces them).</summary>
    public Task VoidAllAsync(Guid userId, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.AccountTokens
            .Where(t => t.UserId == userId && t.Purpose == purpose && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
    }
}
