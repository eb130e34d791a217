using GraphQL.Types;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Plans;

public static class PlanQueries
{
    public static void AddPlanQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanType>>>>("plans")
            .Description("The public plan table.")
            .PublicCacheable()
            .Resolve(_ => PlanCatalog.All);
}
