using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>SessionId: the session making the change, which keeps its refresh token.</summary>
public sealed record ChangePasswordCommand(Guid UserId, Guid? SessionId, string CurrentPassword, string NewPassword);

/// <summary>
/// Changes the password (the current one required). Every other session ends; every access
/// token issued before, this session's too, stops working (its client refreshes once).
/// </summary>
public sealed class ChangePassword(IAppDbContext db, PasswordHasher hasher, ISecurityStamps stamps, TimeProvider clock)
{
    public async Task<Result<bool>> HandleAsync(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == command.UserId, cancellationToken);
        if (PasswordCheck.Verify(user, command.CurrentPassword, hasher) is { } refused)
        {
            return refused;
        }

        if (Credentials.CheckPassword(command.NewPassword, "newPassword") is { } invalid)
        {
            return invalid;
        }

        user.SetPassword(hasher.Hash(command.NewPassword));
        user.RotateSecurityStamp();
        await db.SaveChangesAsync(cancellationToken);
        await SessionRevocation.RevokeAllAsync(db, user.Id, clock.GetUtcNow(), cancellationToken, keepFamily: command.SessionId);
        await stamps.ChangedAsync(user.Id, cancellationToken);
        return true;
    }
}

/// <summary>Re-authentication with the current password: NO_PASSWORD for OAuth-only accounts, INVALID_CREDENTIALS when wrong.</summary>
public static class PasswordCheck
{
    public static Error? Verify(User user, string password, PasswordHasher hasher)
    {
        if (user.PasswordHash is null)
        {
            return new Error(ErrorCodes.NoPassword, "This account signs in through a provider and has no password: set one with requestPasswordReset.");
        }

        return password.Length > Credentials.MaxPasswordLength || !hasher.Verify(password, user.PasswordHash)
            ? new Error(ErrorCodes.InvalidCredentials, "The current password is not right.")
            : null;
    }
}
