using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.Quotas;

/// <summary>
/// The plan quotas of DOMAIN.md §1. Usage is compared with the current plan's limits, so a
/// downgrade keeps what was used (a PRO user with 5 generations today has 0 left as PRO).
/// </summary>
public static class QuotaRules
{
    public static Allowance Generations(Plan plan, Usage usage, DateOnly today) =>
        plan.LifetimeGenerations is { } lifetime
            ? new Allowance(usage.GenerationsLifetime, lifetime, null)
            : Daily(usage.GenerationsToday, plan.GenerationsPerDay, today);

    public static Allowance GenerationsOn(Plan plan, Usage usage, MusicModel model, DateOnly today) =>
        plan.LifetimeLimitFor(model) is { } modelLimit
            ? new Allowance(usage.GenerationsLifetimeOn(model), modelLimit, null)
            : Generations(plan, usage, today);

    public static Allowance Downloads(Plan plan, Usage usage, DateOnly today) =>
        Daily(usage.DownloadsToday, plan.DownloadsPerDay, today);

    public static Allowance Shares(Plan plan, Usage usage, DateOnly today) =>
        plan.LifetimeShares is { } lifetime
            ? new Allowance(usage.SharesLifetime, lifetime, null)
            : Daily(usage.SharesToday, plan.SharesPerDay, today);

    public static Error? CheckGeneration(Plan plan, Usage usage, MusicModel model, DateOnly today)
    {
        var total = Generations(plan, usage, today);
        if (total.IsExhausted)
        {
            return new Error(ErrorCodes.QuotaExceeded, Describe(plan, "generations", total)) { ResetsAt = total.ResetsAt };
        }

        if (plan.LifetimeLimitFor(model) is { } modelLimit && usage.GenerationsLifetimeOn(model) >= modelLimit)
        {
            return new Error(
                ErrorCodes.ModelQuotaExceeded,
                $"The {Name(plan)} plan includes {modelLimit} generations on model {ModelName(model)} and all are used. " +
                "Try the other model, or upgrade for daily generations on any model.");
        }

        return null;
    }

    public static Error? CheckDownload(Plan plan, Usage usage, DateOnly today)
    {
        var downloads = Downloads(plan, usage, today);
        if (downloads.Limit == 0)
        {
            return new Error(ErrorCodes.QuotaExceeded, $"The {Name(plan)} plan includes no downloads. Upgrade to PRO to download tracks.");
        }

        return downloads.IsExhausted ? new Error(ErrorCodes.QuotaExceeded, Describe(plan, "downloads", downloads)) { ResetsAt = downloads.ResetsAt } : null;
    }

    public static Error? CheckShare(Plan plan, Usage usage, DateOnly today)
    {
        var shares = Shares(plan, usage, today);
        return shares.IsExhausted ? new Error(ErrorCodes.QuotaExceeded, Describe(plan, "shares", shares)) { ResetsAt = shares.ResetsAt } : null;
    }

    private static Allowance Daily(int usedToday, int? perDay, DateOnly today) =>
        new(usedToday, perDay, perDay is null ? null : UtcDay.StartOfNext(today));

    private static string Describe(Plan plan, string what, Allowance allowance) =>
        allowance.ResetsAt is { } resetsAt
            ? $"The {Name(plan)} plan includes {allowance.Limit} {what} a day and all are used today. They reset at {resetsAt:yyyy-MM-ddTHH:mm:ssZ}."
            : $"The {Name(plan)} plan includes {allowance.Limit} {what} in total and all are used. Upgrade for a daily allowance.";

    private static string Name(Plan plan) => plan.Tier.ToString().ToUpperInvariant();

    private static string ModelName(MusicModel model) => model.ToString();
}
