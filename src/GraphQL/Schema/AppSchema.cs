namespace Son1kVers3.GraphQL.Schema;

public sealed class AppSchema : global::GraphQL.Types.Schema
{
    public AppSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        RegisterType(typeof(MutationErrorType));
    }
}
