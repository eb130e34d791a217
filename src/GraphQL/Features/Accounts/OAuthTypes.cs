using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class SignInWithOAuthInputType : InputObjectGraphType
{
    public SignInWithOAuthInputType()
    {
        Name = "SignInWithOAuthInput";
        this.AddOAuthCodeFields();
    }
}

public sealed class LinkOAuthProviderInputType : InputObjectGraphType
{
    public LinkOAuthProviderInputType()
    {
        Name = "LinkOAuthProviderInput";
        this.AddOAuthCodeFields();
    }
}

public sealed class UnlinkOAuthProviderInputType : InputObjectGraphType
{
    public UnlinkOAuthProviderInputType()
    {
        Name = "UnlinkOAuthProviderInput";
        Field<NonNullGraphType<OAuthProviderType>>("provider");
    }
}

/// <summary>The fields of a provider's authorization redirect, shared by sign-in and linking.</summary>
public static class OAuthCodeInput
{
    public static void AddOAuthCodeFields(this InputObjectGraphType input)
    {
        input.Field<NonNullGraphType<OAuthProviderType>>("provider");
        input.Field<NonNullGraphType<StringGraphType>>("code").Description("The authorization code the provider returned to the redirect URI.");
        input.Field<NonNullGraphType<StringGraphType>>("redirectUri").Description("The redirect URI the code was obtained with.");
        input.Field<StringGraphType>("codeVerifier").Description("The PKCE verifier, when the authorization request sent a code_challenge.");
    }

    public static OAuthCode From(IDictionary<string, object?> input) => new(
        (OAuthProvider)input["provider"]!, (string)input["code"]!, (string)input["redirectUri"]!,
        input.TryGetValue("codeVerifier", out var verifier) ? (string?)verifier : null);
}
