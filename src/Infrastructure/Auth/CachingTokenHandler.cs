using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// The bearer handler's token validation with a per-instance memory of tokens already validated:
/// a client presents the same access token on every request for its whole lifetime, so its
/// signature and claims are checked once (HS256 and claims parsing were ~17 % of an authenticated
/// request's CPU). Keyed by the exact token text; an entry is used only while the token is within
/// its lifetime by the same rule as <see cref="AuthenticationSetup"/> (expiry + clock skew, on the
/// app's clock), so an expired token is refused even when remembered. Revocation is untouched: the
/// stamp and session checks (OnTokenValidated) run on every request. At most
/// <see cref="MaxEntries"/> tokens are kept; reaching it forgets them all (they are validated again).
/// </summary>
internal sealed class CachingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _validated = new(StringComparer.Ordinal);

    public int Count => _validated.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out var known))
        {
            if (WithinLifetime(known, validationParameters))
            {
                return Copy(known);
            }

            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken && result.ClaimsIdentity is not null)
        {
            if (_validated.Count >= MaxEntries)
            {
                _validated.Clear();
            }

            _validated[token] = Copy(result);
        }

        return result;
    }

    private bool WithinLifetime(TokenValidationResult known, TokenValidationParameters parameters)
    {
        var token = (JsonWebToken)known.SecurityToken;
        var now = clock.GetUtcNow().UtcDateTime;
        return token.ValidTo != DateTime.MinValue && now < token.ValidTo + parameters.ClockSkew
            && (token.ValidFrom == DateTime.MinValue || token.ValidFrom <= now + parameters.ClockSkew);
    }

    /// <summary>Each request gets its own identity (whatever a request adds to it stays its own).</summary>
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        TokenType = result.TokenType,
        Issuer = result.Issuer,
    };
}
