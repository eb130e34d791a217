using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record UnlinkOAuthProviderCommand(Guid UserId, OAuthProvider Provider);

/// <summary>Removes a provider from the signed-in user's ways to sign in; never the last one.</summary>
public sealed class UnlinkOAuthProvider(IAppDbContext db)
{
    public async Task<Result<User>> HandleAsync(UnlinkOAuthProviderCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleAsync(u => u.Id == command.UserId, cancellationToken);
        var links = await db.ExternalLogins.Where(l => l.UserId == user.Id).ToListAsync(cancellationToken);
        var link = links.FirstOrDefault(l => l.Provider == command.Provider);
        var name = ProviderProfiles.Name(command.Provider);
        if (link is null)
        {
            return new Error(ErrorCodes.ProviderNotLinked, $"provider: {name} is not linked to your account.");
        }

        if (user.PasswordHash is null && links.Count == 1)
        {
            return new Error(ErrorCodes.LastSignInMethod,
                $"{name} is the only way to sign in to your account (it has no password): link another provider first, or you could not sign in again.");
        }

        db.ExternalLogins.Remove(link);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }
}
