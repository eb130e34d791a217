using GraphQL.Types;
using Son1kVers3.GraphQL.Features.TokenPool;

namespace Son1kVers3.GraphQL.Features.Analytics;

/// <summary>Admin analytics (DOMAIN.md §9).</summary>
public sealed class AnalyticsType : ObjectGraphType<object>
{
    public AnalyticsType()
    {
        Name = "Analytics";
        Field<NonNullGraphType<ClientStatsType>>("clients").Resolve(_ => new object());
        this.AddTokenPoolField("tokens", "A day's pool figures (UTC; today when omitted).");
        Field<NonNullGraphType<OverviewType>>("overview").Resolve(_ => new object());
    }
}
