using GraphQL.Types;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Analytics;

public static class AnalyticsQueries
{
    public static void AddAnalyticsQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<AnalyticsType>>("analytics")
            .Description("Admins only (ADMIN_PANEL).")
            .RequireTool(Tool.AdminPanel)
            .Resolve(_ => new object());
}
