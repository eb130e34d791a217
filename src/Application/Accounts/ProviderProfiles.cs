using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>What the client sends back from a provider's authorization redirect.</summary>
public sealed record OAuthCode(OAuthProvider Provider, string Code, string RedirectUri, string? CodeVerifier);

/// <summary>Checks an authorization code's fields and exchanges it, on the server, for the person's profile.</summary>
public sealed class ProviderProfiles(IEnumerable<IOAuthClient> clients)
{
    public async Task<Result<OAuthProfile>> ExchangeAsync(OAuthCode code, CancellationToken cancellationToken)
    {
        if (Validate(code) is { } invalid)
        {
            return invalid;
        }

        var client = clients.FirstOrDefault(c => c.Provider == code.Provider);
        if (client is not { IsConfigured: true })
        {
            return new Error(ErrorCodes.ProviderNotConfigured, $"Sign-in with {Name(code.Provider)} is not available on this server.");
        }

        return await client.ExchangeCodeAsync(new OAuthCodeExchange(code.Code, code.RedirectUri, code.CodeVerifier), cancellationToken);
    }

    /// <summary>The provider's email, normalised, when it has the shape of one; null otherwise.</summary>
    public static string? EmailOf(OAuthProfile profile) =>
        profile.Email is { Length: > 0 } given && EmailAddress.Normalize(given) is var email && EmailAddress.LooksValid(email) ? email : null;

    /// <summary>True when the provider vouches that the person controls the user's address.</summary>
    public static bool ProvesEmailOf(OAuthProfile profile, User user) => profile.EmailVerified && EmailOf(profile) == user.Email;

    public static string Name(OAuthProvider provider) => provider.ToString().ToUpperInvariant();

    private static Error? Validate(OAuthCode code)
    {
        if (string.IsNullOrWhiteSpace(code.Code))
        {
            return Error.Validation("code", "must be the authorization code the provider returned.");
        }

        if (!Uri.TryCreate(code.RedirectUri, UriKind.Absolute, out _))
        {
            return Error.Validation("redirectUri", "must be the absolute redirect URI used to obtain the code.");
        }

        // RFC 7636: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].
        if (code.CodeVerifier is { } verifier
            && (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')))
        {
            return Error.Validation("codeVerifier", "must be 43 to 128 characters of letters, digits, '-', '.', '_' or '~' (RFC 7636).");
        }

        return null;
    }
}
