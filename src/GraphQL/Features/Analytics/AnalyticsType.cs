using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.TokenPool;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Analytics;

/// <summary>Admin analytics. Client and overview statistics arrive with client registration.</summary>
public sealed class AnalyticsType : ObjectGraphType<object>
{
    public AnalyticsType()
    {
        Name = "Analytics";
        Field<NonNullGraphType<TokenPoolType>>("tokens")
            .Description("A day's pool figures (UTC; today when omitted).")
            .Argument<DateType>("date")
            .ResolveAsync(async c => await c.Service<GetTokenPool>().HandleAsync(c.GetArgument<DateOnly?>("date"), c.CancellationToken));
    }
}
