using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.Quotas;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Domain.Tests.Quotas;

public class GenerationAllowanceTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static DailyPool Pool(int freeLeft, int paidLeft) =>
        DailyPool.Compute(Today, new PoolBases(freeLeft, paidLeft), uniqueClients: 0);

    private static Usage Used(int today = 0, int v35 = 0, int v5 = 0) => Usage.None with
    {
        GenerationsToday = today,
        TokensToday = today,
        GenerationsLifetime = v35 + v5,
        GenerationsLifetimeByModel = new Dictionary<MusicModel, int> { [MusicModel.V3_5] = v35, [MusicModel.V5] = v5 },
    };

    [Fact]
    public void AFreshProUser_DrawsTheFirstTokenFromTheFreeBucket()
    {
        Assert.Equal(Bucket.Free, GenerationAllowance.Decide(PlanCatalog.Pro, Used(), MusicModel.V5, Pool(10, 10)).Value);
    }

    [Fact]
    public void ThePlanQuota_IsCheckedBeforeThePool_SoAFullQuotaOnAnEmptyPoolSaysQuotaExceeded()
    {
        var result = GenerationAllowance.Decide(PlanCatalog.Pro, Used(today: 4), MusicModel.V5, Pool(0, 0));
        Assert.Equal(ErrorCodes.QuotaExceeded, result.Error?.Code);
    }

    [Fact]
    public void TheModelQuota_RefusesAFreeUsersFourthV35_EvenWithPoolTokensLeft()
    {
        var result = GenerationAllowance.Decide(PlanCatalog.Free, Used(today: 3, v35: 3), MusicModel.V3_5, Pool(100, 100));
        Assert.Equal(ErrorCodes.ModelQuotaExceeded, result.Error?.Code);
    }

    [Fact]
    public void AFreeUsersV5_AfterThreeV35_DrawsFromTheFreeBucket()
    {
        Assert.Equal(Bucket.Free, GenerationAllowance.Decide(PlanCatalog.Free, Used(today: 3, v35: 3), MusicModel.V5, Pool(100, 100)).Value);
    }

    [Fact]
    public void ADowngradedUserWithQuotaLeftButAllocationUsed_IsRefusedWithAllocationExhausted()
    {
        // ENTERPRISE has no plan quota but an allocation of 100 tokens a day.
        var result = GenerationAllowance.Decide(PlanCatalog.Enterprise, Used(today: 100), MusicModel.V5, Pool(1000, 1000));
        Assert.Equal(ErrorCodes.AllocationExhausted, result.Error?.Code);
    }

    [Fact]
    public void AnEmptyBucket_IsRefusedWithPoolExhausted()
    {
        Assert.Equal(ErrorCodes.PoolExhausted, GenerationAllowance.Decide(PlanCatalog.Free, Used(), MusicModel.V5, Pool(0, 100)).Error?.Code);
    }

    [Fact]
    public void AProUsersThirdToken_ComesFromThePaidBucket()
    {
        Assert.Equal(Bucket.Paid, GenerationAllowance.Decide(PlanCatalog.Pro, Used(today: 2), MusicModel.V3_5, Pool(10, 10)).Value);
    }
}
