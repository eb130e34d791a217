using GraphQL.Types;
using Son1kVers3.GraphQL.Features.Plans;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class RegisterInputType : InputObjectGraphType
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

public sealed class LoginInputType : InputObjectGraphType
{
    public LoginInputType()
    {
        Name = "LoginInput";
        Field<NonNullGraphType<StringGraphType>>("email");
        Field<NonNullGraphType<StringGraphType>>("password");
    }
}

public sealed class RefreshTokenInputType : InputObjectGraphType
{
    public RefreshTokenInputType()
    {
        Name = "RefreshTokenInput";
        Field<NonNullGraphType<StringGraphType>>("refreshToken");
    }
}

public sealed class LogoutInputType : InputObjectGraphType
{
    public LogoutInputType()
    {
        Name = "LogoutInput";
        Field<NonNullGraphType<StringGraphType>>("refreshToken");
    }
}

public sealed class SetUserTierInputType : InputObjectGraphType
{
    public SetUserTierInputType()
    {
        Name = "SetUserTierInput";
        Field<NonNullGraphType<IdGraphType>>("userId");
        Field<NonNullGraphType<TierType>>("tier");
    }
}
