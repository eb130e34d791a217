using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed record RegisterInput(string Email, string Password, string? DisplayName, string? Locale);

public sealed class RegisterInputType : InputObjectGraphType<RegisterInput>
{
    public RegisterInputType()
    {
        Name = "RegisterInput";
        Field<NonNullGraphType<StringGraphType>>("email");
        Field<NonNullGraphType<StringGraphType>>("password").Description("8 to 128 characters, not one of the most common passwords.");
        Field<StringGraphType>("displayName");
        Field<StringGraphType>("locale").Description("es or en; default from Accept-Language, else es.");
    }
}

public sealed record LoginInput(string Email, string Password);

public sealed class LoginInputType : InputObjectGraphType<LoginInput>
{
    public LoginInputType()
    {
        Name = "LoginInput";
        Field<NonNullGraphType<StringGraphType>>("email");
        Field<NonNullGraphType<StringGraphType>>("password");
    }
}

/// <summary>The input of refreshToken and of logout.</summary>
public sealed record RefreshTokenInput(string RefreshToken);

public sealed class RefreshTokenInputType : InputObjectGraphType<RefreshTokenInput>
{
    public RefreshTokenInputType()
    {
        Name = "RefreshTokenInput";
        Field<NonNullGraphType<StringGraphType>>("refreshToken");
    }
}

public sealed class LogoutInputType : InputObjectGraphType<RefreshTokenInput>
{
    public LogoutInputType()
    {
        Name = "LogoutInput";
        Field<NonNullGraphType<StringGraphType>>("refreshToken");
    }
}

public sealed record SetUserTierInput(string UserId, Tier Tier);

public sealed class SetUserTierInputType : InputObjectGraphType<SetUserTierInput>
{
    public SetUserTierInputType()
    {
        Name = "SetUserTierInput";
        Field<NonNullGraphType<IdGraphType>>("userId");
        Field<NonNullGraphType<TierType>>("tier");
    }
}

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
