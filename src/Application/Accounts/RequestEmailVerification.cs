using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Email;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Mails a new verification link to an account's unverified address. The answer is the same
/// whether or not the address has an account, or is verified already.
/// </summary>
public sealed class RequestEmailVerification(IAppDbContext db, AccountMailer mailer)
{
    public async Task<Result<bool>> HandleAsync(string email, CancellationToken cancellationToken)
    {
        if (!mailer.Available)
        {
            return AccountMailer.Unavailable();
        }

        var normalized = EmailAddress.Normalize(email);
        if (Credentials.CheckEmail(normalized) is { } invalid)
        {
            return invalid;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        if (user is { IsEmailVerified: false })
        {
            mailer.QueueVerification(user, user.Email);
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }
}
