using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// One live sign-in session: a refresh-token family with a usable token. Each refresh adds a token,
/// so the newest one's time is the last use. UserAgent and Country: where it started (null when unknown).
/// </summary>
public sealed record SignInSession(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, string? UserAgent = null, string? Country = null);

/// <summary>A user's live sign-in sessions, and ending one of them.</summary>
public sealed class Sessions(IAppDbContext db, IRefreshTokenStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<SignInSession>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var families = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .GroupBy(t => t.FamilyId)
            .Where(g => g.Any(t => t.RevokedAt == null && t.UsedAt == null && t.ExpiresAt > now))
            .Select(g => new
            {
                g.Key,
                Created = g.Min(t => t.CreatedAt),
                LastUsed = g.Max(t => t.CreatedAt),
                UserAgent = g.Max(t => t.UserAgent),
                Country = g.Max(t => t.Country),
            })
            .ToListAsync(cancellationToken);
        return [.. families
            .Select(f => new SignInSession(f.Key, f.Created.ToUniversalTime(), f.LastUsed.ToUniversalTime(), f.UserAgent, f.Country))
            .OrderByDescending(s => s.LastUsedAt)];
    }

    /// <summary>Ends one of the user's sessions; NOT_FOUND when it is not a live session of theirs.</summary>
    public async Task<Result<bool>> RevokeAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var live = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.FamilyId == sessionId && t.RevokedAt == null && t.UsedAt == null && t.ExpiresAt > now)
            .Select(t => t.TokenHash)
            .FirstOrDefaultAsync(cancellationToken);
        if (live is null || !await store.RevokeFamilyAsync(live, cancellationToken))
        {
            return new Error(ErrorCodes.NotFound, "No such session of yours: it may have ended already.");
        }

        return true;
    }
}
