using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Email;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Mails a password-reset link; older links stop working. The answer, and the work done before
/// it, are the same whether or not the address has an account, so neither reveals one.
/// </summary>
public sealed class RequestPasswordReset(IAppDbContext db, AccountTokens tokens, AccountMailer mailer)
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
        // Unknown address: the same statements, against an id that matches nothing.
        await tokens.VoidAllAsync(user?.Id ?? Guid.Empty, AccountTokenPurpose.ResetPassword, cancellationToken);
        if (user is not null)
        {
            mailer.QueuePasswordReset(user);
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
