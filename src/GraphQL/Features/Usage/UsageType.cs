using GraphQL.Types;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.GraphQL.Features.Plans;

namespace Son1kVers3.GraphQL.Features.Usage;

/// <summary>A user's usage against the current plan; in-flight generations count as used.</summary>
public sealed record UserUsage(User User, Domain.Quotas.Usage Usage, DateOnly Today);

public sealed class AllowanceType : ObjectGraphType<Allowance>
{
    public AllowanceType()
    {
        Name = "Allowance";
        Description = "limit and remaining are null when unlimited; resetsAt is null for lifetime limits.";
        Field<NonNullGraphType<IntGraphType>>("used").Resolve(c => c.Source.Used);
        Field<IntGraphType>("limit").Resolve(c => c.Source.Limit);
        Field<IntGraphType>("remaining").Resolve(c => c.Source.Remaining);
        Field<DateTimeGraphType>("resetsAt").Resolve(c => c.Source.ResetsAt?.UtcDateTime);
    }
}

public sealed record ModelAllowance(MusicModel Model, Allowance Allowance);

public sealed class ModelAllowanceType : ObjectGraphType<ModelAllowance>
{
    public ModelAllowanceType()
    {
        Name = "ModelAllowance";
        Field<NonNullGraphType<MusicModelType>>("model").Resolve(c => c.Source.Model);
        Field<NonNullGraphType<AllowanceType>>("allowance").Resolve(c => c.Source.Allowance);
    }
}

public sealed class UsageType : ObjectGraphType<UserUsage>
{
    public UsageType()
    {
        Name = "Usage";
        Field<NonNullGraphType<AllowanceType>>("generations").Resolve(c => QuotaRules.Generations(c.Source.User.Plan, c.Source.Usage, c.Source.Today));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ModelAllowanceType>>>>("generationsByModel")
            .Description("Per model; the FREE tier has separate lifetime limits for V3_5 and V5.")
            .Resolve(c => Enum.GetValues<MusicModel>().Select(m => new ModelAllowance(m, QuotaRules.GenerationsOn(c.Source.User.Plan, c.Source.Usage, m, c.Source.Today))));
        Field<NonNullGraphType<AllowanceType>>("downloads").Resolve(c => QuotaRules.Downloads(c.Source.User.Plan, c.Source.Usage, c.Source.Today));
        Field<NonNullGraphType<AllowanceType>>("shares").Resolve(c => QuotaRules.Shares(c.Source.User.Plan, c.Source.Usage, c.Source.Today));
        Field<NonNullGraphType<AllowanceType>>("tokens")
            .Description("Today's draw from the shared pool against the tier's daily allocation.")
            .Resolve(c => new Allowance(c.Source.Usage.TokensToday, c.Source.User.Plan.TokenAllocation.Total, UtcDay.StartOfNext(c.Source.Today)));
    }
}
