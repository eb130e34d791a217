using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Accounts;

/// <summary>
/// The erasure as one transaction on the DbContext's connection. Deleting the user row cascades
/// to everything that is theirs (generations with tracks, downloads and shares, chat messages and
/// mutes, sessions, OAuth links, mailed tokens, billing rows, idempotency claims); before that, the
/// ledger rows move to an anonymous stand-in, their clients are unlinked and stripped of the
/// address and user agent, and mail to or about them leaves the outbox.
/// </summary>
internal sealed class PostgresAccountEraser(AppDbContext db, IUserRows rows, TimeProvider clock) : IAccountEraser
{
    public async Task<Guid?> EraseAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var email = await db.Database
            .SqlQuery<string>($"SELECT email AS \"Value\" FROM users WHERE id = {userId} AND deleted_at IS NULL FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            return null;
        }

        var anonymous = User.Tombstone(clock.GetUtcNow());
        db.Users.Add(anonymous);
        await db.SaveChangesAsync(cancellationToken);

        await db.TokenReservations.Where(r => r.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UserId, anonymous.Id), cancellationToken);
        await db.TokenMovements.Where(m => m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.UserId, anonymous.Id), cancellationToken);
        await db.Clients.Where(c => c.UserId == userId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.UserId, (Guid?)null).SetProperty(c => c.CreatedFromAddress, (string?)null).SetProperty(c => c.UserAgent, (string?)null),
                cancellationToken);
#pragma warning disable MA0011 // ToLower() here is SQL's lower(); no culture is involved
        await db.OutboundEmails.Where(m => m.UserId == userId || m.To.ToLower() == email)
#pragma warning restore MA0011
            .ExecuteDeleteAsync(cancellationToken);
        await db.AccountTokens.Where(t => t.UserId == userId || t.Email == email)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await rows.ChangedAsync(userId, cancellationToken);
        return anonymous.Id;
    }
}
