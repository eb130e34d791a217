using GraphQL.Types;
using Son1kVers3.GraphQL.Features.Accounts;

namespace Son1kVers3.GraphQL.Schema;

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddAccountMutations();
    }
}
