namespace Son1kVers3.GraphQL.Schema;

public sealed class AppSchema : global::GraphQL.Types.Schema
{
    public AppSchema(IServiceProvider services, QueryType query)
        : base(services)
    {
        Query = query;
    }
}
