using GraphQL.Types;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class UserPayloadType : ObjectGraphType<Payload<User>>
{
    public UserPayloadType()
    {
        Name = "UserPayload";
        Field<UserType>("user").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed record SuspendUserInput(string UserId, string Reason);

public sealed class SuspendUserInputType : InputObjectGraphType<SuspendUserInput>
{
    public SuspendUserInputType()
    {
        Name = "SuspendUserInput";
        Field<NonNullGraphType<IdGraphType>>("userId");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why (1 to {User.MaxSuspensionReasonLength} characters); kept for admins.");
    }
}

public sealed record UnsuspendUserInput(string UserId);

public sealed class UnsuspendUserInputType : InputObjectGraphType<UnsuspendUserInput>
{
    public UnsuspendUserInputType()
    {
        Name = "UnsuspendUserInput";
        Field<NonNullGraphType<IdGraphType>>("userId");
    }
}
