using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Domain.Tests.TokenPool;

public class TokenDrawTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static DailyPool Pool(int freeLeft, int paidLeft) =>
        DailyPool.Compute(Today, new PoolBases(freeLeft, paidLeft), uniqueClients: 0);

    private static Bucket[] DrawAll(Tier tier, DailyPool pool)
    {
        var plan = PlanCatalog.For(tier);
        return Enumerable.Range(0, plan.TokenAllocation.Total)
            .Select(held => TokenDraw.NextBucket(plan, held, pool).Value)
            .ToArray();
    }

    [Fact]
    public void Free_DrawsFiveTokensFromTheFreeBucket()
    {
        Assert.Equal(Enumerable.Repeat(Bucket.Free, 5), DrawAll(Tier.Free, Pool(100, 100)));
    }

    [Fact]
    public void Pro_DrawsTwoFromFree_ThenTwoFromPaid()
    {
        Assert.Equal([Bucket.Free, Bucket.Free, Bucket.Paid, Bucket.Paid], DrawAll(Tier.Pro, Pool(100, 100)));
    }

    [Fact]
    public void Premium_DrawsOneFromFree_ThenFourFromPaid()
    {
        Assert.Equal([Bucket.Free, Bucket.Paid, Bucket.Paid, Bucket.Paid, Bucket.Paid], DrawAll(Tier.Premium, Pool(100, 100)));
    }

    [Fact]
    public void Enterprise_DrawsAHundredFromPaid()
    {
        Assert.Equal(Enumerable.Repeat(Bucket.Paid, 100), DrawAll(Tier.Enterprise, Pool(100, 100)));
    }

    [Theory]
    [InlineData(Tier.Free, 5)]
    [InlineData(Tier.Pro, 4)]
    [InlineData(Tier.Premium, 5)]
    [InlineData(Tier.Enterprise, 100)]
    public void BeyondTheAllocation_IsRefusedWithAllocationExhausted(Tier tier, int allocation)
    {
        var result = TokenDraw.NextBucket(PlanCatalog.For(tier), allocation, Pool(1000, 1000));
        Assert.Equal(ErrorCodes.AllocationExhausted, result.Error?.Code);
        Assert.Contains("2026-11-25T00:00:00Z", result.Error!.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), result.Error.ResetsAt);
    }

    [Fact]
    public void Free_NeverDrawsFromPaid_EvenWhenFreeIsEmptyAndPaidIsFull()
    {
        var result = TokenDraw.NextBucket(PlanCatalog.Free, 0, Pool(0, 2000));
        Assert.Equal(ErrorCodes.PoolExhausted, result.Error?.Code);
        Assert.Contains("FREE", result.Error!.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), result.Error.ResetsAt);
    }

    [Theory]
    [InlineData(Tier.Pro)]
    [InlineData(Tier.Premium)]
    public void PaidTier_WhoseFreeShareFindsFreeEmpty_FallsBackToPaid(Tier tier)
    {
        Assert.Equal(Bucket.Paid, TokenDraw.NextBucket(PlanCatalog.For(tier), 0, Pool(0, 10)).Value);
    }

    [Fact]
    public void PaidShare_NeverDrawsFromFree()
    {
        var result = TokenDraw.NextBucket(PlanCatalog.Pro, 2, Pool(1000, 0));
        Assert.Equal(ErrorCodes.PoolExhausted, result.Error?.Code);
        Assert.Contains("PAID", result.Error!.Message);
    }

    [Fact]
    public void PaidTier_WithBothBucketsEmpty_IsRefusedWithPoolExhausted()
    {
        Assert.Equal(ErrorCodes.PoolExhausted, TokenDraw.NextBucket(PlanCatalog.Premium, 0, Pool(0, 0)).Error?.Code);
    }

    [Fact]
    public void MidDayDowngrade_FromPremiumWithFiveTokens_ToPro_LeavesNoAllocation()
    {
        Assert.Equal(ErrorCodes.AllocationExhausted, TokenDraw.NextBucket(PlanCatalog.Pro, 5, Pool(100, 100)).Error?.Code);
    }
}
