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

    /// <summary>The unused, unexpired token of that purpose, tracked (so the caller can use it), else null.</summary>
    public async Task<AccountToken?> FindUsableAsync(string token, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var hash = SessionIssuer.Hash(token);
        var found = await db.AccountTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
        return found is not null && found.IsUsable(clock.GetUtcNow()) ? found : null;
    }
}
