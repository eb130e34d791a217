using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record SuspendUserCommand(Guid AdminId, Guid UserId, string Reason);

/// <summary>
/// An admin stops an abusive user: sign-in is refused (ACCOUNT_SUSPENDED), every session ends, and
/// every access token and open socket of the user is voided at once (the security stamp).
/// An admin cannot suspend themselves.
/// </summary>
public sealed class SuspendUser(IAppDbContext db, ISecurityStamps stamps, TimeProvider clock)
{
    public async Task<Result<User>> HandleAsync(SuspendUserCommand command, CancellationToken cancellationToken)
    {
        var reason = command.Reason.Trim();
        if (reason.Length is 0 or > User.MaxSuspensionReasonLength)
        {
            return Error.Validation("reason", $"must be 1 to {User.MaxSuspensionReasonLength} characters.");
        }

        if (command.UserId == command.AdminId)
        {
            return new Error(ErrorCodes.CannotSuspendSelf, "You cannot suspend your own account.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == command.UserId, cancellationToken);
        if (user is null)
        {
            return UserNotFound();
        }

        var now = clock.GetUtcNow();
        user.Suspend(reason, now);
        await db.SaveChangesAsync(cancellationToken);
        await SessionRevocation.RevokeAllAsync(db, user.Id, now, cancellationToken);
        await stamps.ChangedAsync(user.Id, cancellationToken);
        return user;
    }

    public static Error UserNotFound() => new(ErrorCodes.NotFound, "userId: no user has this id.");
}
