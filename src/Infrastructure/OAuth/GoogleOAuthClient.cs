using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Infrastructure.OAuth;

/// <summary>Google: code → token at the token endpoint (form POST), then the OpenID userinfo.</summary>
internal sealed class GoogleOAuthClient(OAuthHttp http, OAuthSettings settings) : IOAuthClient
{
    private OAuthProviderSettings Config => settings.Google;

    public OAuthProvider Provider => OAuthProvider.Google;
    public bool IsConfigured => Config.IsConfigured;

    public async Task<Result<OAuthProfile>> ExchangeCodeAsync(OAuthCodeExchange exchange, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["code"] = exchange.Code,
            ["client_id"] = Config.ClientId!,
            ["client_secret"] = Config.ClientSecret!,
            ["redirect_uri"] = exchange.RedirectUri,
            ["grant_type"] = "authorization_code",
        };
        if (exchange.CodeVerifier is not null)
        {
            form["code_verifier"] = exchange.CodeVerifier;
        }

        var token = await http.PostFormAsync(Provider, Config.TokenUrl, form, cancellationToken);
        if (!token.IsSuccess)
        {
            return token.Error!;
        }

        if (token.Value.GetStringOrNull("access_token") is not { } accessToken)
        {
            return OAuthHttp.Rejected(Provider, "no access token in the answer");
        }

        var profile = await http.GetAsync(Provider, Config.ProfileUrl, accessToken, cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        var p = profile.Value;
        return p.GetStringOrNull("sub") is { } subject
            ? new OAuthProfile(subject, p.GetStringOrNull("email"), p.GetBoolOrFalse("email_verified"), p.GetStringOrNull("name"))
            : OAuthHttp.Rejected(Provider, "the profile has no subject");
    }
}
