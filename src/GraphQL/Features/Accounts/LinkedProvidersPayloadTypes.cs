using GraphQL.Types;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class LinkOAuthProviderPayloadType : ObjectGraphType<Payload<Domain.Accounts.User>>
{
    public LinkOAuthProviderPayloadType()
    {
        Name = "LinkOAuthProviderPayload";
        this.AddLinkedProvidersFields();
    }
}

public sealed class UnlinkOAuthProviderPayloadType : ObjectGraphType<Payload<Domain.Accounts.User>>
{
    public UnlinkOAuthProviderPayloadType()
    {
        Name = "UnlinkOAuthProviderPayload";
        this.AddLinkedProvidersFields();
    }
}

internal static class LinkedProvidersPayloadFields
{
    public static void AddLinkedProvidersFields(this ObjectGraphType<Payload<Domain.Accounts.User>> payload)
    {
        payload.Field<UserType>("user").Resolve(c => c.Source.Value);
        payload.Field<ListGraphType<NonNullGraphType<OAuthProviderType>>>("linkedProviders")
            .Description("The providers linked to the account after the change; null when it failed.")
            .Resolve(c => c.Source.Value is { } user ? c.Service<LinkedProvidersLoader>().Load(user.Id) : null);
        payload.AddErrorsField();
    }
}
