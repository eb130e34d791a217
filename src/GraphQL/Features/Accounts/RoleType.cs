using GraphQL.Types;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class RoleType : EnumerationGraphType<Role>
{
    public RoleType() => Name = "Role";
}
