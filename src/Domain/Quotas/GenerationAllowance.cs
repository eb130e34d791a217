using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Domain.Quotas;

/// <summary>
/// Whether a user may generate now (DOMAIN.md §1 and §2), over figures read from the ledger: the
/// plan quota (total, then the model's), the tier's daily allocation, and a token from the right
/// bucket of today's pool. The bucket to draw from, or the first rule that refuses.
/// </summary>
public static class GenerationAllowance
{
    public static Result<Bucket> Decide(Plan plan, Usage usage, MusicModel model, DailyPool pool)
    {
        if (QuotaRules.CheckGeneration(plan, usage, model, pool.Date) is { } quotaError)
        {
            return quotaError;
        }

        return TokenDraw.NextBucket(plan, usage.TokensToday, pool);
    }
}
