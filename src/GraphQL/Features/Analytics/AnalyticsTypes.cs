using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Analytics;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Payments;
using Son1kVers3.GraphQL.Features.TokenPool;
using Son1kVers3.GraphQL.Schema;

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

public sealed class CountEntryType : ObjectGraphType<CountEntry>
{
    public CountEntryType()
    {
        Name = "CountEntry";
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
    }
}

public sealed class DailyCountType : ObjectGraphType<DailyCount>
{
    public DailyCountType()
    {
        Name = "DailyCount";
        Field<NonNullGraphType<DateType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
    }
}

public sealed class ClientStatsType : ObjectGraphType<object>
{
    public ClientStatsType()
    {
        Name = "ClientStats";
        Field<NonNullGraphType<IntGraphType>>("total").ResolveAsync(async c => await c.Service<ClientStats>().TotalAsync(c.CancellationToken));
        Field<NonNullGraphType<IntGraphType>>("activeToday").Description("Unique clients today (the pool's U).")
            .ResolveAsync(async c => await c.Service<ClientStats>().ActiveTodayAsync(c.CancellationToken));
        Field<NonNullGraphType<IntGraphType>>("newToday").ResolveAsync(async c => await c.Service<ClientStats>().NewTodayAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CountEntryType>>>>("byCountry")
            .ResolveAsync(async c => await c.Service<ClientStats>().ByCountryAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CountEntryType>>>>("byCity")
            .ResolveAsync(async c => await c.Service<ClientStats>().ByCityAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DailyCountType>>>>("daily")
            .Description($"Unique clients per UTC day, oldest first, today last (1 to {ClientStats.MaxDays} days).")
            .Argument<IntGraphType>("days", arg => arg.DefaultValue = 30)
            .ResolveAsync(async c =>
            {
                var result = await c.Service<ClientStats>().DailyAsync(c.GetArgument("days", 30), c.CancellationToken);
                return result.IsSuccess ? result.Value : throw new ExecutionError(result.Error!.Message) { Code = ErrorCodes.BadUserInput };
            });
    }
}

public sealed class OverviewType : ObjectGraphType<object>
{
    public OverviewType()
    {
        Name = "Overview";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CountEntryType>>>>("usersByTier")
            .ResolveAsync(async c => await c.Service<UsersByTier>().HandleAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CountEntryType>>>>("generationsByStatus")
            .Description("Generations per state: all time, or only those created today (UTC) with today: true.")
            .Argument<BooleanGraphType>("today", arg => arg.DefaultValue = false)
            .ResolveAsync(async c => await c.Service<GenerationStats>().ByStatusAsync(c.GetArgument("today", false), c.CancellationToken));
        Field<NonNullGraphType<IntGraphType>>("generationsToday")
            .ResolveAsync(async c => await c.Service<GenerationStats>().TodayAsync(c.CancellationToken));
        this.AddActiveSubscriptionsField();
    }
}
