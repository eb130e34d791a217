using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>An admin lifts a suspension: the user may sign in again (their ended sessions stay ended).</summary>
public sealed class UnsuspendUser(IAppDbContext db)
{
    public async Task<Result<User>> HandleAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return SuspendUser.UserNotFound();
        }

        user.Unsuspend();
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }
}
