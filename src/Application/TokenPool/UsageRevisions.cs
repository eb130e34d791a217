using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Application.TokenPool;

/// <summary>Marks a change of a user's usage that the ledger did not make (downloads, shares); call it after saving the change.</summary>
public static class UsageRevisions
{
    public static async Task BumpAsync(IAppDbContext db, IUserRows rows, Guid userId, CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.UsageRevision, u => u.UsageRevision + 1), cancellationToken);
        await rows.ChangedAsync(userId, cancellationToken); // the row's cached copies carry the old revision
    }
}
