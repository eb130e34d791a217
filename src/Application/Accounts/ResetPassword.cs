using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record ResetPasswordCommand(string Token, string NewPassword);

/// <summary>
/// Sets a new password with a mailed reset token (also an OAuth-only account's first password).
/// The link proves the address, so it counts as verified; every session of the user ends.
/// </summary>
public sealed class ResetPassword(IAppDbContext db, AccountTokens tokens, PasswordHasher hasher, ISecurityStamps stamps, TimeProvider clock)
{
    public async Task<Result<bool>> HandleAsync(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        if (Credentials.CheckPassword(command.NewPassword, "newPassword") is { } invalid)
        {
            return invalid;
        }

        if (await tokens.UseAsync(command.Token, AccountTokenPurpose.ResetPassword, cancellationToken) is not { } found
            || await db.Users.SingleOrDefaultAsync(u => u.Id == found.UserId, cancellationToken) is not { } user
            || found.Email != user.Email)
        {
            return VerifyEmail.InvalidToken();
        }

        var now = clock.GetUtcNow();
        user.SetPassword(hasher.Hash(command.NewPassword));
        user.MarkEmailVerified(now);
        user.RotateSecurityStamp();
        await db.SaveChangesAsync(cancellationToken);
        await SessionRevocation.RevokeAllAsync(db, user.Id, now, cancellationToken);
        await stamps.ChangedAsync(user.Id, cancellationToken);
        return true;
    }
}
