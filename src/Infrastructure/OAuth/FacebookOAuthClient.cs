using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Infrastructure.OAuth;

/// <summary>
/// Facebook: code → token with a GET on the Graph API's oauth/access_token, then /me with
/// id,name,email. The Graph API gives no "verified" flag, so the email is never taken as proof
/// that the person controls the address (it is never used to link an existing account).
/// </summary>
internal sealed class FacebookOAuthClient(OAuthHttp http, OAuthSettings settings) : IOAuthClient
{
    private OAuthProviderSettings Config => settings.Facebook;

    public OAuthProvider Provider => OAuthProvider.Facebook;
    public bool IsConfigured => Config.IsConfigured;

    public async Task<Result<OAuthProfile>> ExchangeCodeAsync(OAuthCodeExchange exchange, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>
        {
            ["client_id"] = Config.ClientId!,
            ["client_secret"] = Config.ClientSecret!,
            ["redirect_uri"] = exchange.RedirectUri,
            ["code"] = exchange.Code,
        };
        if (exchange.CodeVerifier is not null)
        {
            query["code_verifier"] = exchange.CodeVerifier;
        }

        var token = await http.GetAsync(Provider, OAuthHttp.WithQuery(Config.TokenUrl, query), null, cancellationToken);
        if (!token.IsSuccess)
        {
            return token.Error!;
        }

        if (token.Value.GetStringOrNull("access_token") is not { } accessToken)
        {
            return OAuthHttp.Rejected(Provider, "no access token in the answer");
        }

        var profileUrl = OAuthHttp.WithQuery(Config.ProfileUrl, [new("fields", "id,name,email"), new("access_token", accessToken)]);
        var profile = await http.GetAsync(Provider, profileUrl, null, cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        var p = profile.Value;
        return p.GetStringOrNull("id") is { } id
            ? new OAuthProfile(id, p.GetStringOrNull("email"), EmailVerified: false, p.GetStringOrNull("name"))
            : OAuthHttp.Rejected(Provider, "the profile has no id");
    }
}
