using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record LinkOAuthProviderCommand(Guid UserId, OAuthCode Code);

/// <summary>
/// The signed-in user adds a provider account as a way to sign in. A provider account belongs to
/// one user, and a user has at most one account per provider. A provider that verified the user's
/// own address marks it verified.
/// </summary>
public sealed class LinkOAuthProvider(ProviderProfiles profiles, IAppDbContext db, TimeProvider clock)
{
    public async Task<Result<User>> HandleAsync(LinkOAuthProviderCommand command, CancellationToken cancellationToken)
    {
        var provider = command.Code.Provider;
        var profile = await profiles.ExchangeAsync(command.Code, cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        var user = await db.Users.SingleAsync(u => u.Id == command.UserId, cancellationToken);
        var linkedTo = await db.ExternalLogins
            .Where(l => l.Provider == provider && l.ProviderUserId == profile.Value.ProviderUserId)
            .Select(l => l.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        if (linkedTo != Guid.Empty && linkedTo != user.Id)
        {
            return AlreadyLinked($"This {ProviderProfiles.Name(provider)} account is already linked to another Son1kVers3 account; sign in with it, or unlink it there first.");
        }

        if (linkedTo == Guid.Empty)
        {
            if (await db.ExternalLogins.AnyAsync(l => l.UserId == user.Id && l.Provider == provider, cancellationToken))
            {
                return AlreadyLinked($"Your account is already linked to another {ProviderProfiles.Name(provider)} account; unlink it first.");
            }

            db.ExternalLogins.Add(ExternalLogin.Link(user.Id, provider, profile.Value.ProviderUserId, clock.GetUtcNow()));
        }

        if (ProviderProfiles.ProvesEmailOf(profile.Value, user))
        {
            user.MarkEmailVerified(clock.GetUtcNow());
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent link took the provider account, or gave this user one of this provider.
            return AlreadyLinked($"This {ProviderProfiles.Name(provider)} account or your account was linked by another request just now; reload your account to see which.");
        }

        return user;
    }

    private static Error AlreadyLinked(string message) => new(ErrorCodes.ProviderAlreadyLinked, message);
}
