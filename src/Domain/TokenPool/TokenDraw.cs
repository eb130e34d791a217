using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.TokenPool;

/// <summary>
/// Which bucket a user's next token of the day comes from (DOMAIN.md §2): the n-th token comes
/// from FREE while n ≤ the tier's FREE share, then from PAID. A FREE-tier user draws only from
/// FREE; a paid tier's FREE share falls back to PAID when FREE is empty, never the reverse.
/// </summary>
public static class TokenDraw
{
    public static Result<Bucket> NextBucket(Plan plan, int tokensHeldToday, DailyPool pool)
    {
        var allocation = plan.TokenAllocation;
        var resetsAt = UtcDay.StartOfNext(pool.Date);
        var n = tokensHeldToday + 1;
        if (n > allocation.Total)
        {
            var used = $"Your daily allocation of {allocation.Total} tokens from the shared pool is used up. It resets at {resetsAt:yyyy-MM-ddTHH:mm:ssZ}.";
            return new Error(ErrorCodes.AllocationExhausted, used) { ResetsAt = resetsAt };
        }

        var wanted = n <= allocation.FreeShare ? Bucket.Free : Bucket.Paid;
        if (pool[wanted].Remaining > 0)
        {
            return wanted;
        }

        var isPaidTier = plan.Tier != Tier.Free;
        if (wanted == Bucket.Free && isPaidTier && pool.Paid.Remaining > 0)
        {
            return Bucket.Paid;
        }

        var empty = $"Today's shared {wanted.ToString().ToUpperInvariant()} token pool is used up. It refills at {resetsAt:yyyy-MM-ddTHH:mm:ssZ}.";
        return new Error(ErrorCodes.PoolExhausted, empty) { ResetsAt = resetsAt };
    }
}
