using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.GraphQL.Features.Errors;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class AuthPayloadType : ObjectGraphType<Payload<AuthSession>>
{
    public AuthPayloadType()
    {
        Name = "AuthPayload";
        Field<StringGraphType>("accessToken").Description("A JWT for `Authorization: Bearer …`, valid 15 minutes.").Resolve(c => c.Source.Value?.AccessToken);
        Field<StringGraphType>("refreshToken").Description("Valid 30 days and once: refreshToken returns the next one.").Resolve(c => c.Source.Value?.RefreshToken);
        Field<DateTimeGraphType>("expiresAt").Description("When the access token expires.").Resolve(c => c.Source.Value?.ExpiresAt.UtcDateTime);
        Field<UserType>("user").Resolve(c => c.Source.Value?.User);
        this.AddErrorsField();
    }
}

public sealed class LogoutPayloadType : ObjectGraphType<Payload<bool>>
{
    public LogoutPayloadType()
    {
        Name = "LogoutPayload";
        Field<NonNullGraphType<BooleanGraphType>>("ok").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed class SetUserTierPayloadType : ObjectGraphType<Payload<Domain.Accounts.User>>
{
    public SetUserTierPayloadType()
    {
        Name = "SetUserTierPayload";
        Field<UserType>("user").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}
