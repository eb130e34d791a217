using GraphQL.Types;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.GraphQL.Features.Plans;

public sealed class PlanType : ObjectGraphType<Plan>
{
    /// <summary>Each catalogue plan's model limits, listed once rather than on every request.</summary>
    private static readonly Dictionary<Tier, ModelLimit[]> ModelLimits = PlanCatalog.All.ToDictionary(p => p.Tier, Order);

    public PlanType()
    {
        Name = "Plan";
        Description = "One tier's quotas, tools and share of the token pool. A null limit means unlimited.";
        Field<NonNullGraphType<TierType>>("tier").Resolve(c => c.Source.Tier);
        Field<IntGraphType>("generationsPerDay").Resolve(c => c.Source.GenerationsPerDay);
        Field<IntGraphType>("lifetimeGenerations").Resolve(c => c.Source.LifetimeGenerations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModelLimitType>>>>("lifetimeGenerationsByModel")
            .Resolve(c => ModelLimitsOf(c.Source));
        Field<IntGraphType>("downloadsPerDay").Resolve(c => c.Source.DownloadsPerDay);
        Field<IntGraphType>("sharesPerDay").Resolve(c => c.Source.SharesPerDay);
        Field<IntGraphType>("lifetimeShares").Resolve(c => c.Source.LifetimeShares);
        Field<NonNullGraphType<BooleanGraphType>>("watermarkedShares").Resolve(c => c.Source.WatermarkedShares);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ToolType>>>>("tools").Resolve(c => c.Source.Tools);
        Field<NonNullGraphType<IntGraphType>>("tokenAllocation")
            .Description("The most a user of this tier may draw from the shared pool per day.")
            .Resolve(c => c.Source.TokenAllocation.Total);
        Field<NonNullGraphType<IntGraphType>>("tokenAllocationFree").Resolve(c => c.Source.TokenAllocation.FreeShare);
        Field<NonNullGraphType<IntGraphType>>("tokenAllocationPaid").Resolve(c => c.Source.TokenAllocation.PaidShare);
    }

    private static ModelLimit[] ModelLimitsOf(Plan plan) =>
        ReferenceEquals(PlanCatalog.For(plan.Tier), plan) ? ModelLimits[plan.Tier] : Order(plan);

    private static ModelLimit[] Order(Plan plan) =>
        [.. plan.LifetimeGenerationsByModel.Select(kv => new ModelLimit(kv.Key, kv.Value)).OrderBy(m => m.Model)];
}
