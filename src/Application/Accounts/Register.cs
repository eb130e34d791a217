using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record RegisterCommand(string Email, string Password, string? DisplayName);

public sealed class Register(IAppDbContext db, PasswordHasher hasher, SessionIssuer sessions, TimeProvider clock)
{
    public async Task<Result<AuthSession>> HandleAsync(RegisterCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Normalize(command.Email);
        if ((Credentials.CheckEmail(email) ?? Credentials.CheckPassword(command.Password) ?? Credentials.CheckDisplayName(command.DisplayName)) is { } invalid)
        {
            return invalid;
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return EmailTaken();
        }

        var user = User.Create(email, hasher.Hash(command.Password), command.DisplayName, clock.GetUtcNow());
        db.Users.Add(user);
        var session = sessions.Issue(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent registration may have taken the email between the check and the insert.
            if (await db.Users.AsNoTracking().AnyAsync(u => u.Email == email, cancellationToken))
            {
                return EmailTaken();
            }

            throw;
        }

        return session;
    }

    private static Error EmailTaken() => new(AccountErrors.EmailTaken, "An account with this email already exists. Sign in instead.");
}
