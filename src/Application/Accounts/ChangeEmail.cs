using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Email;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record ChangeEmailCommand(Guid UserId, string NewEmail, string CurrentPassword);

/// <summary>Mails a verification link to the new address; the account moves there when it is used (see <see cref="VerifyEmail"/>).</summary>
public sealed class ChangeEmail(IAppDbContext db, PasswordHasher hasher, AccountMailer mailer)
{
    public async Task<Result<bool>> HandleAsync(ChangeEmailCommand command, CancellationToken cancellationToken)
    {
        if (!mailer.Available)
        {
            return AccountMailer.Unavailable();
        }

        var user = await db.Users.SingleAsync(u => u.Id == command.UserId, cancellationToken);
        if (PasswordCheck.Verify(user, command.CurrentPassword, hasher) is { } refused)
        {
            return refused;
        }

        var email = EmailAddress.Normalize(command.NewEmail);
        if (Credentials.CheckEmail(email) is { } invalid)
        {
            return Error.Validation("newEmail", invalid.Message[(invalid.Message.IndexOf(':') + 2)..]);
        }

        if (email == user.Email)
        {
            return Error.Validation("newEmail", "is already this account's address.");
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return new Error(ErrorCodes.EmailTaken, "Another account uses this address.");
        }

        mailer.QueueVerification(user, email);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
