using GraphQL.Types;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Features.Chat;
using Son1kVers3.GraphQL.Features.Clients;
using Son1kVers3.GraphQL.Features.Generations;
using Son1kVers3.GraphQL.Features.Payments;
using Son1kVers3.GraphQL.Features.Sharing;

namespace Son1kVers3.GraphQL.Schema;

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddAccountMutations();
        this.AddLifecycleMutations();
        this.AddLeavingMutations();
        this.AddAdminUserMutations();
        this.AddClientMutations();
        this.AddGenerationMutations();
        this.AddSharingMutations();
        this.AddPaymentMutations();
        this.AddChatMutations();
    }
}
