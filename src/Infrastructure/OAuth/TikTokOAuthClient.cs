using System.Text.Json;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Infrastructure.OAuth;

/// <summary>
/// TikTok (Login Kit v2): code → token with a form POST (client_key, not client_id), then
/// user/info. TikTok gives no email: the person is known by open_id only.
/// </summary>
internal sealed class TikTokOAuthClient(OAuthHttp http, OAuthSettings settings) : IOAuthClient
{
    private OAuthProviderSettings Config => settings.TikTok;

    public OAuthProvider Provider => OAuthProvider.TikTok;
    public bool IsConfigured => Config.IsConfigured;

    public async Task<Result<OAuthProfile>> ExchangeCodeAsync(OAuthCodeExchange exchange, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["client_key"] = Config.ClientId!,
            ["client_secret"] = Config.ClientSecret!,
            ["code"] = exchange.Code,
            ["grant_type"] = "authorization_code",
            ["redirect_uri"] = exchange.RedirectUri,
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

        // TikTok may answer an error with HTTP 200 and an "error" member.
        if (token.Value.GetStringOrNull("access_token") is not { } accessToken)
        {
            return OAuthHttp.Rejected(Provider, OAuthHttp.Describe(token.Value, 200));
        }

        var profileUrl = OAuthHttp.WithQuery(Config.ProfileUrl, [new("fields", "open_id,union_id,display_name,avatar_url")]);
        var profile = await http.GetAsync(Provider, profileUrl, accessToken, cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        var user = profile.Value.TryGetProperty("data", out var data) && data.TryGetProperty("user", out var u) ? u : default;
        return user.ValueKind == JsonValueKind.Object && user.GetStringOrNull("open_id") is { } openId
            ? new OAuthProfile(openId, null, false, user.GetStringOrNull("display_name"))
            : OAuthHttp.Rejected(Provider, "the profile has no open_id");
    }
}
