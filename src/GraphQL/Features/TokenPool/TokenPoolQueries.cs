using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.TokenPool;

public static class TokenPoolQueries
{
    public static void AddTokenPoolQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<TokenPoolType>>("tokenPool")
            .Description("Today's pool (UTC), or another day's.")
            .Argument<DateType>("date", "A UTC day as YYYY-MM-DD; today when omitted.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<GetTokenPool>()
                .HandleAsync(c.GetArgument<DateOnly?>("date"), c.CancellationToken));
}
