using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.Quotas;

namespace Son1kVers3.Domain.Tests.Quotas;

public class QuotaRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static Usage Generated(int today = 0, int v35 = 0, int v5 = 0) => Usage.None with
    {
        GenerationsToday = today,
        GenerationsLifetime = v35 + v5,
        GenerationsLifetimeByModel = new Dictionary<MusicModel, int> { [MusicModel.V3_5] = v35, [MusicModel.V5] = v5 },
    };

    [Fact]
    public void Free_ThreeOnV35_ThenV35IsRefusedWithModelQuota_ButV5IsAllowed()
    {
        var usage = Generated(v35: 3);
        Assert.Equal(ErrorCodes.ModelQuotaExceeded, QuotaRules.CheckGeneration(PlanCatalog.Free, usage, MusicModel.V3_5, Today)?.Code);
        Assert.Null(QuotaRules.CheckGeneration(PlanCatalog.Free, usage, MusicModel.V5, Today));
    }

    [Fact]
    public void Free_TwoOnV5_ThenV5IsRefusedWithModelQuota()
    {
        var error = QuotaRules.CheckGeneration(PlanCatalog.Free, Generated(v5: 2), MusicModel.V5, Today);
        Assert.Equal(ErrorCodes.ModelQuotaExceeded, error?.Code);
        Assert.Contains("V5", error!.Message);
    }

    [Fact]
    public void Free_FiveInTheLifetime_ThenAnyModelIsRefusedWithQuotaExceeded_AndNothingResets()
    {
        var usage = Generated(v35: 3, v5: 2);
        Assert.Equal(ErrorCodes.QuotaExceeded, QuotaRules.CheckGeneration(PlanCatalog.Free, usage, MusicModel.V5, Today)?.Code);
        var allowance = QuotaRules.Generations(PlanCatalog.Free, usage, Today);
        Assert.Equal((5, 5, 0), (allowance.Used, allowance.Limit!.Value, allowance.Remaining!.Value));
        Assert.Null(allowance.ResetsAt);
    }

    [Fact]
    public void Free_LifetimeCountsEveryDay_NotJustToday()
    {
        var usage = Generated(today: 0, v35: 2, v5: 2);
        Assert.Equal(1, QuotaRules.Generations(PlanCatalog.Free, usage, Today).Remaining);
    }

    [Theory]
    [InlineData(Tier.Pro, 4)]
    [InlineData(Tier.Premium, 5)]
    public void PaidTier_AllowsItsDailyNumber_OnAnyModel_ThenRefusesUntilMidnightUtc(Tier tier, int perDay)
    {
        var plan = PlanCatalog.For(tier);
        Assert.Null(QuotaRules.CheckGeneration(plan, Generated(today: perDay - 1, v5: 50), MusicModel.V5, Today));

        var error = QuotaRules.CheckGeneration(plan, Generated(today: perDay, v5: 50), MusicModel.V3_5, Today);
        Assert.Equal(ErrorCodes.QuotaExceeded, error?.Code);
        Assert.Contains("2026-11-25T00:00:00Z", error!.Message);
        Assert.Equal(UtcDay.StartOf(Today.AddDays(1)), QuotaRules.Generations(plan, Generated(today: perDay), Today).ResetsAt);
    }

    [Fact]
    public void Enterprise_IsNeverRefused_AndHasNoLimit()
    {
        var usage = Generated(today: 10_000, v5: 10_000) with { DownloadsToday = 10_000, SharesToday = 10_000 };
        Assert.Null(QuotaRules.CheckGeneration(PlanCatalog.Enterprise, usage, MusicModel.V5, Today));
        Assert.Null(QuotaRules.CheckDownload(PlanCatalog.Enterprise, usage, Today));
        Assert.Null(QuotaRules.CheckShare(PlanCatalog.Enterprise, usage, Today));
        var allowance = QuotaRules.Generations(PlanCatalog.Enterprise, usage, Today);
        Assert.Null(allowance.Limit);
        Assert.Null(allowance.Remaining);
    }

    [Fact]
    public void MidDayDowngrade_FromPremiumToPro_WithFiveUsed_LeavesNoneToday()
    {
        var usage = Generated(today: 5, v5: 5);
        Assert.Null(QuotaRules.CheckGeneration(PlanCatalog.Premium, Generated(today: 4, v5: 4), MusicModel.V5, Today));
        Assert.Equal(0, QuotaRules.Generations(PlanCatalog.Pro, usage, Today).Remaining);
        Assert.Equal(ErrorCodes.QuotaExceeded, QuotaRules.CheckGeneration(PlanCatalog.Pro, usage, MusicModel.V5, Today)?.Code);
    }

    [Fact]
    public void Downgrade_ToFree_KeepsTheLifetimeCountFromThePaidDays()
    {
        var usage = Generated(today: 0, v35: 1, v5: 20);
        Assert.Equal(ErrorCodes.QuotaExceeded, QuotaRules.CheckGeneration(PlanCatalog.Free, usage, MusicModel.V3_5, Today)?.Code);
    }

    [Fact]
    public void Free_HasNoDownloads()
    {
        var error = QuotaRules.CheckDownload(PlanCatalog.Free, Usage.None, Today);
        Assert.Equal(ErrorCodes.QuotaExceeded, error?.Code);
        Assert.Contains("no downloads", error!.Message);
    }

    [Theory]
    [InlineData(Tier.Pro, 10)]
    [InlineData(Tier.Premium, 25)]
    public void Downloads_AreLimitedPerDay(Tier tier, int perDay)
    {
        var plan = PlanCatalog.For(tier);
        Assert.Null(QuotaRules.CheckDownload(plan, Usage.None with { DownloadsToday = perDay - 1 }, Today));
        Assert.Equal(ErrorCodes.QuotaExceeded, QuotaRules.CheckDownload(plan, Usage.None with { DownloadsToday = perDay }, Today)?.Code);
    }

    [Theory]
    [InlineData(Tier.Pro, 5)]
    [InlineData(Tier.Premium, 15)]
    public void Shares_ArePerDayForPaidTiers(Tier tier, int perDay)
    {
        var plan = PlanCatalog.For(tier);
        Assert.Null(QuotaRules.CheckShare(plan, Usage.None with { SharesToday = perDay - 1, SharesLifetime = 500 }, Today));
        Assert.Equal(ErrorCodes.QuotaExceeded, QuotaRules.CheckShare(plan, Usage.None with { SharesToday = perDay }, Today)?.Code);
    }

    [Fact]
    public void Shares_AreFiveInTheLifetimeForFree()
    {
        Assert.Null(QuotaRules.CheckShare(PlanCatalog.Free, Usage.None with { SharesLifetime = 4 }, Today));
        Assert.Equal(ErrorCodes.QuotaExceeded, QuotaRules.CheckShare(PlanCatalog.Free, Usage.None with { SharesLifetime = 5, SharesToday = 0 }, Today)?.Code);
    }

    [Fact]
    public void GenerationsOn_AModelOfFree_ReportsThePerModelAllowance()
    {
        var allowance = QuotaRules.GenerationsOn(PlanCatalog.Free, Generated(v35: 1), MusicModel.V3_5, Today);
        Assert.Equal((1, 3, 2), (allowance.Used, allowance.Limit!.Value, allowance.Remaining!.Value));
    }
}
