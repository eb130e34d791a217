using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

public sealed record SignInWithOAuthCommand(OAuthProvider Provider, string Code, string RedirectUri, string? CodeVerifier);

/// <summary>
/// Exchanges the provider's authorization code on the server, then signs in the linked user,
/// links the provider to the user with the same verified email, or creates a new user.
/// </summary>
public sealed class SignInWithOAuth(IEnumerable<IOAuthClient> clients, IAppDbContext db, SessionIssuer sessions, TimeProvider clock)
{
    /// <summary>Providers that give no email (TikTok) get an address on a reserved, undeliverable domain.</summary>
    public const string NoEmailDomain = "users.son1kvers3.invalid";

    public async Task<Result<AuthSession>> HandleAsync(SignInWithOAuthCommand command, CancellationToken cancellationToken)
    {
        if (Validate(command) is { } invalid)
        {
            return invalid;
        }

        var client = clients.FirstOrDefault(c => c.Provider == command.Provider);
        if (client is not { IsConfigured: true })
        {
            return new Error(AccountErrors.ProviderNotConfigured, $"Sign-in with {Name(command.Provider)} is not available on this server.");
        }

        var profile = await client.ExchangeCodeAsync(new OAuthCodeExchange(command.Code, command.RedirectUri, command.CodeVerifier), cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        var user = await FindOrCreateUserAsync(command.Provider, profile.Value, cancellationToken);
        var session = sessions.Issue(user);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    private async Task<User> FindOrCreateUserAsync(OAuthProvider provider, OAuthProfile profile, CancellationToken cancellationToken)
    {
        var linked = await db.ExternalLogins
            .Where(l => l.Provider == provider && l.ProviderUserId == profile.ProviderUserId)
            .Select(l => l.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        if (linked != Guid.Empty)
        {
            return await db.Users.SingleAsync(u => u.Id == linked, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var email = profile.Email is { Length: > 0 } given && profile.EmailVerified ? EmailAddress.Normalize(given) : null;
        var user = email is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            user = User.Create(email ?? $"{Name(provider).ToLowerInvariant()}-{profile.ProviderUserId}@{NoEmailDomain}", null, profile.DisplayName, now);
            db.Users.Add(user);
        }

        db.ExternalLogins.Add(ExternalLogin.Link(user.Id, provider, profile.ProviderUserId, now));
        return user;
    }

    private static Error? Validate(SignInWithOAuthCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.Code))
        {
            return Error.Validation("code", "must be the authorization code the provider returned.");
        }

        if (!Uri.TryCreate(command.RedirectUri, UriKind.Absolute, out _))
        {
            return Error.Validation("redirectUri", "must be the absolute redirect URI used to obtain the code.");
        }

        // RFC 7636: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
        if (command.CodeVerifier is { } verifier
            && (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')))
        {
            return Error.Validation("codeVerifier", "must be 43 to 128 characters of letters, digits, '-', '.', '_' or '~' (RFC 7636).");
        }

        return null;
    }

    public static string Name(OAuthProvider provider) => provider.ToString().ToUpperInvariant();
}
