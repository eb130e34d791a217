using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>
/// Exchanges the provider's authorization code on the server, then signs in the user the
/// provider account is linked to, or creates a new user. An existing account with the same email
/// is linked automatically only when both sides are proven: the provider verified the address and
/// the account's address was verified before. Otherwise anyone could register a victim's address
/// first and receive the victim's provider sign-in; the person is told to sign in and link instead.
/// </summary>
public sealed class SignInWithOAuth(ProviderProfiles profiles, IAppDbContext db, SessionIssuer sessions, TimeProvider clock)
{
    /// <summary>Providers that give no email (TikTok) get an address on a reserved, undeliverable domain.</summary>
    public const string NoEmailDomain = "users.son1kvers3.invalid";

    /// <summary>A new user's locale comes from <paramref name="acceptLanguage"/> (else es), as at registration.</summary>
    public async Task<Result<AuthSession>> HandleAsync(OAuthCode code, SignInDevice? device, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var profile = await profiles.ExchangeAsync(code, cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        try
        {
            return await SignInAsync(code.Provider, profile.Value, device, acceptLanguage, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent first sign-in of the same person created the user or the link first: decide again.
            db.ChangeTracker.Clear();
            return await SignInAsync(code.Provider, profile.Value, device, acceptLanguage, cancellationToken);
        }
    }

    private async Task<Result<AuthSession>> SignInAsync(
        OAuthProvider provider, OAuthProfile profile, SignInDevice? device, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var user = await FindOrCreateUserAsync(provider, profile, acceptLanguage, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error!;
        }

        if (user.Value.IsSuspended)
        {
            return AccountErrors.Suspended();
        }

        var session = sessions.Issue(user.Value, device);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    private async Task<Result<User>> FindOrCreateUserAsync(OAuthProvider provider, OAuthProfile profile, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var linked = await db.ExternalLogins
            .Where(l => l.Provider == provider && l.ProviderUserId == profile.ProviderUserId)
            .Select(l => l.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        if (linked != Guid.Empty)
        {
            var known = await db.Users.SingleAsync(u => u.Id == linked, cancellationToken);
            if (ProviderProfiles.ProvesEmailOf(profile, known))
            {
                known.MarkEmailVerified(now);
            }

            return known;
        }

        var email = ProviderProfiles.EmailOf(profile) ?? $"{ProviderProfiles.Name(provider).ToLowerInvariant()}-{profile.ProviderUserId}@{NoEmailDomain}";
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            user = User.Create(email, null, Credentials.FitDisplayName(profile.DisplayName), now, Locales.FromAcceptLanguage(acceptLanguage));
            db.Users.Add(user);
        }
        else if (!user.IsEmailVerified || !profile.EmailVerified)
        {
            return AccountExists(provider, "Sign in to that account (with its password or a provider already linked to it), then link");
        }
        else if (await db.ExternalLogins.AnyAsync(l => l.UserId == user.Id && l.Provider == provider, cancellationToken))
        {
            return AccountExists(provider, $"It is already linked to another {ProviderProfiles.Name(provider)} account: sign in with that one, or sign in and unlink it, then link");
        }

        if (ProviderProfiles.ProvesEmailOf(profile, user))
        {
            user.MarkEmailVerified(now);
        }

        db.ExternalLogins.Add(ExternalLogin.Link(user.Id, provider, profile.ProviderUserId, now));
        return user;
    }

    private static Error AccountExists(OAuthProvider provider, string whatToDo) =>
        new(ErrorCodes.AccountExists,
            $"An account with this {ProviderProfiles.Name(provider)} account's email already exists. {whatToDo} {ProviderProfiles.Name(provider)} with linkOAuthProvider.");
}
