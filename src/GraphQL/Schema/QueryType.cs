using GraphQL.Types;
using Son1kVers3.GraphQL.Features.Accounts;
using Son1kVers3.GraphQL.Features.Analytics;
using Son1kVers3.GraphQL.Features.Chat;
using Son1kVers3.GraphQL.Features.Generations;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Features.Sharing;
using Son1kVers3.GraphQL.Features.TokenPool;

namespace Son1kVers3.GraphQL.Schema;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        this.AddNodeQuery();
        this.AddAccountQueries();
        this.AddLeavingQueries();
        this.AddAdminUserQueries();
        this.AddPlanQueries();
        this.AddTokenPoolQueries();
        this.AddGenerationQueries();
        this.AddSharingQueries();
        this.AddAnalyticsQueries();
        this.AddChatQueries();
    }
}
