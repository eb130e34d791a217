using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class SignInWithOAuthInputType : InputObjectGraphType<OAuthCode>
{
    public SignInWithOAuthInputType()
    {
        Name = "SignInWithOAuthInput";
        this.AddOAuthCodeFields();
    }
}

public sealed class LinkOAuthProviderInputType : InputObjectGraphType<OAuthCode>
{
    public LinkOAuthProviderInputType()
    {
        Name = "LinkOAuthProviderInput";
        this.AddOAuthCodeFields();
    }
}

public sealed record UnlinkOAuthProviderInput(OAuthProvider Provider);

public sealed class UnlinkOAuthProviderInputType : InputObjectGraphType<UnlinkOAuthProviderInput>
{
    public UnlinkOAuthProviderInputType()
    {
        Name = "UnlinkOAuthProviderInput";
        Field<NonNullGraphType<OAuthProviderType>>("provider");
    }
}

public sealed class LinkOAuthProviderPayloadType : ObjectGraphType<Payload<User>>
{
    public LinkOAuthProviderPayloadType()
    {
        Name = "LinkOAuthProviderPayload";
        this.AddLinkedProvidersFields();
    }
}

public sealed class UnlinkOAuthProviderPayloadType : ObjectGraphType<Payload<User>>
{
    public UnlinkOAuthProviderPayloadType()
    {
        Name = "UnlinkOAuthProviderPayload";
        this.AddLinkedProvidersFields();
    }
}

internal static class OAuthTypeExtensions
{
    /// <summary>The fields of a provider's authorization redirect, shared by sign-in and linking.</summary>
    public static void AddOAuthCodeFields(this InputObjectGraphType<OAuthCode> input)
    {
        input.Field<NonNullGraphType<OAuthProviderType>>("provider");
        input.Field<NonNullGraphType<StringGraphType>>("code").Description("The authorization code the provider returned to the redirect URI.");
        input.Field<NonNullGraphType<StringGraphType>>("redirectUri").Description("The redirect URI the code was obtained with.");
        input.Field<StringGraphType>("codeVerifier").Description("The PKCE verifier, when the authorization request sent a code_challenge.");
    }

    public static void AddLinkedProvidersFields(this ObjectGraphType<Payload<User>> payload)
    {
        payload.Field<UserType>("user").Resolve(c => c.Source.Value);
        payload.Field<ListGraphType<NonNullGraphType<OAuthProviderType>>>("linkedProviders")
            .Description("The providers linked to the account after the change; null when it failed.")
            .Resolve(c => c.Source.Value is { } user ? c.Service<AccountLoaders>().LinkedProviders(user.Id) : null);
        payload.AddErrorsField();
    }
}
