using GraphQL.Types;
using Son1kVers3.GraphQL.Features.TokenPool;

namespace Son1kVers3.GraphQL.Features.Analytics;

/// <summary>Admin analytics. Client and overview statistics arrive with client registration.</summary>
public sealed class AnalyticsType : ObjectGraphType<object>
{
    public AnalyticsType()
    {
        Name = "Analytics";
        this.AddTokenPoolField("tokens", "A day's pool figures (UTC; today when omitted).");
    }
}
