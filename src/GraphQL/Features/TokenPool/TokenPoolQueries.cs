using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.TokenPool;

public static class TokenPoolQueries
{
    public static void AddTokenPoolQueries(this ObjectGraphType query) =>
        query.AddTokenPoolField("tokenPool", "Today's pool (UTC), or another day's.");

    /// <summary>A field answering one day's pool, with an optional <c>date</c> argument (today when omitted).</summary>
    public static FieldBuilder<TSource, object> AddTokenPoolField<TSource>(this ObjectGraphType<TSource> type, string name, string description) =>
        type.Field<NonNullGraphType<TokenPoolType>>(name)
            .Description(description)
            .Argument<DateType>("date", "A UTC day as YYYY-MM-DD; today when omitted.")
            .ResolveAsync(async c => await c.Service<GetTokenPool>().HandleAsync(c.GetArgument<DateOnly?>("date"), c.CancellationToken));
}
