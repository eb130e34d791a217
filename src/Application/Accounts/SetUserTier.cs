using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Application.Accounts;

public sealed record SetUserTierCommand(Guid UserId, Tier Tier);

/// <summary>An admin sets a user's tier (ENTERPRISE is granted only this way).</summary>
public sealed class SetUserTier(IAppDbContext db)
{
    public async Task<Result<User>> HandleAsync(SetUserTierCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == command.UserId, cancellationToken);
        if (user is null)
        {
            return new Error(ErrorCodes.NotFound, "userId: no user has this id.");
        }

        user.ChangeTier(command.Tier);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }
}
