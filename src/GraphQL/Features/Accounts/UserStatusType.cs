using GraphQL.Types;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class UserStatusType : EnumerationGraphType<UserStatus>
{
    public UserStatusType() => Name = "UserStatus";
}
