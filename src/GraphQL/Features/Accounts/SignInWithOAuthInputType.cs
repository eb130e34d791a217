using GraphQL.Types;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class SignInWithOAuthInputType : InputObjectGraphType
{
    public SignInWithOAuthInputType()
    {
        Name = "SignInWithOAuthInput";
        Field<NonNullGraphType<OAuthProviderType>>("provider");
        Field<NonNullGraphType<StringGraphType>>("code").Description("The authorization code the provider returned to the redirect URI.");
        Field<NonNullGraphType<StringGraphType>>("redirectUri").Description("The redirect URI the code was obtained with.");
        Field<StringGraphType>("codeVerifier").Description("The PKCE verifier, when the authorization request sent a code_challenge.");
    }
}
