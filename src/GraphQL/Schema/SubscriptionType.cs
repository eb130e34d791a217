using GraphQL.Types;
using Son1kVers3.GraphQL.Features.Chat;
using Son1kVers3.GraphQL.Features.Generations;
using Son1kVers3.GraphQL.Features.TokenPool;

namespace Son1kVers3.GraphQL.Schema;

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        this.AddGenerationSubscriptions();
        this.AddTokenPoolSubscriptions();
        this.AddChatSubscriptions();
    }
}
