using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Email;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Uses a mailed verification token: confirms the account's address, or, for a token mailed to a
/// new address by an email change, moves the account there (and tells the old address).
/// </summary>
public sealed class VerifyEmail(IAppDbContext db, AccountTokens tokens, AccountMailer mailer, TimeProvider clock)
{
    public async Task<Result<User>> HandleAsync(string token, CancellationToken cancellationToken)
    {
        if (await tokens.UseAsync(token, AccountTokenPurpose.VerifyEmail, cancellationToken) is not { } found
            || await db.Users.SingleOrDefaultAsync(u => u.Id == found.UserId, cancellationToken) is not { } user)
        {
            return InvalidToken();
        }

        var now = clock.GetUtcNow();
        if (found.Email == user.Email)
        {
            user.MarkEmailVerified(now);
        }
        else
        {
            if (await db.Users.AnyAsync(u => u.Email == found.Email && u.Id != user.Id, cancellationToken))
            {
                return new Error(ErrorCodes.EmailTaken, "Another account took this address since the change was asked for.");
            }

            var oldEmail = user.Email;
            user.ChangeEmail(found.Email, now);
            if (mailer.Available)
            {
                mailer.Queue(user.Id, oldEmail, AccountMails.EmailChanged(user.Locale, user.Email));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public static Error InvalidToken() =>
        new(ErrorCodes.InvalidToken, "This link is not valid: it was already used, has expired, or is incomplete. Ask for a new one.");
}
