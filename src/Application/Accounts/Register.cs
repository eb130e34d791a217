using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Email;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>Locale: the one asked for (es or en), else the caller's Accept-Language (see <see cref="Locales"/>). Device: what the session records about where it starts.</summary>
public sealed record RegisterCommand(string Email, string Password, string? DisplayName, string? Locale = null, string? AcceptLanguage = null, SignInDevice? Device = null);

public sealed class Register(IAppDbContext db, PasswordHasher hasher, SessionIssuer sessions, AccountMailer mailer, TimeProvider clock)
{
    public async Task<Result<AuthSession>> HandleAsync(RegisterCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Normalize(command.Email);
        if ((Credentials.CheckEmail(email) ?? Credentials.CheckPassword(command.Password) ?? Credentials.CheckDisplayName(command.DisplayName)) is { } invalid)
        {
            return invalid;
        }

        if (command.Locale is not null && Locales.Supported(command.Locale) is null)
        {
            return Error.Validation("locale", "must be es or en.");
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return EmailTaken();
        }

        var locale = Locales.Supported(command.Locale) ?? Locales.FromAcceptLanguage(command.AcceptLanguage);
        var user = User.Create(email, hasher.Hash(command.Password), command.DisplayName, clock.GetUtcNow(), locale);
        db.Users.Add(user);
        if (mailer.Available)
        {
            // Stored with the account, in the same transaction; the outbox worker sends it.
            mailer.QueueVerification(user, user.Email);
        }

        var session = sessions.Issue(user, command.Device);
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

    private static Error EmailTaken() => new(ErrorCodes.EmailTaken, "An account with this email already exists. Sign in instead.");
}
