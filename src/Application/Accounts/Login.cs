using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>Device: what the session records about where it starts.</summary>
public sealed record LoginCommand(string Email, string Password, SignInDevice? Device = null);

public sealed class Login(IAppDbContext db, PasswordHasher hasher, SessionIssuer sessions)
{
    public async Task<Result<AuthSession>> HandleAsync(LoginCommand command, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Normalize(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);

        // An unknown email costs the same hashing as a wrong password, so timing tells nothing.
        var passwordMatches = hasher.Verify(command.Password, user?.PasswordHash ?? hasher.DummyHash);
        if (user?.PasswordHash is null || !passwordMatches)
        {
            return new Error(ErrorCodes.InvalidCredentials, "The email or password is wrong.");
        }

        if (user.IsSuspended)
        {
            // Told only to someone who knows the password.
            return AccountErrors.Suspended();
        }

        var session = sessions.Issue(user, command.Device);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }
}
