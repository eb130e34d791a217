using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Domain.Tests.Plans;

public class PlanCatalogTests
{
    [Fact]
    public void Free_HasFiveLifetimeGenerations_ThreeOnV35_TwoOnV5_NoDownloads_FiveWatermarkedShares()
    {
        var plan = PlanCatalog.Free;
        Assert.Equal(5, plan.LifetimeGenerations);
        Assert.Null(plan.GenerationsPerDay);
        Assert.Equal(3, plan.LifetimeLimitFor(MusicModel.V3_5));
        Assert.Equal(2, plan.LifetimeLimitFor(MusicModel.V5));
        Assert.Equal(0, plan.DownloadsPerDay);
        Assert.Equal(5, plan.LifetimeShares);
        Assert.Null(plan.SharesPerDay);
        Assert.True(plan.WatermarkedShares);
        Assert.Equal([Tool.PixelBasic], plan.Tools);
    }

    [Fact]
    public void Pro_HasFourGenerationsTenDownloadsFiveSharesADay_OnAnyModel()
    {
        var plan = PlanCatalog.Pro;
        Assert.Equal(4, plan.GenerationsPerDay);
        Assert.Null(plan.LifetimeGenerations);
        Assert.Null(plan.LifetimeLimitFor(MusicModel.V3_5));
        Assert.Null(plan.LifetimeLimitFor(MusicModel.V5));
        Assert.Equal(10, plan.DownloadsPerDay);
        Assert.Equal(5, plan.SharesPerDay);
        Assert.Null(plan.LifetimeShares);
        Assert.False(plan.WatermarkedShares);
        Assert.Equal([Tool.PixelBasic, Tool.MusicGenerator, Tool.GhostStudio, Tool.NovaPost], plan.Tools);
    }

    [Fact]
    public void Premium_HasFiveGenerations25Downloads15SharesADay_AndNexusMode()
    {
        var plan = PlanCatalog.Premium;
        Assert.Equal(5, plan.GenerationsPerDay);
        Assert.Equal(25, plan.DownloadsPerDay);
        Assert.Equal(15, plan.SharesPerDay);
        Assert.False(plan.WatermarkedShares);
        Assert.Equal([.. PlanCatalog.Pro.Tools, Tool.NexusMode], plan.Tools);
    }

    [Fact]
    public void Enterprise_IsUnlimited_AndHasTheAdminPanel()
    {
        var plan = PlanCatalog.Enterprise;
        Assert.Null(plan.GenerationsPerDay);
        Assert.Null(plan.LifetimeGenerations);
        Assert.Null(plan.DownloadsPerDay);
        Assert.Null(plan.SharesPerDay);
        Assert.Null(plan.LifetimeShares);
        Assert.False(plan.WatermarkedShares);
        Assert.Equal([.. PlanCatalog.Premium.Tools, Tool.AdminPanel], plan.Tools);
    }

    [Theory]
    [InlineData(Tier.Free, 5, 5, 0)]
    [InlineData(Tier.Pro, 4, 2, 2)]
    [InlineData(Tier.Premium, 5, 1, 4)]
    [InlineData(Tier.Enterprise, 100, 0, 100)]
    public void TokenAllocation_FollowsTheTable(Tier tier, int total, int fromFree, int fromPaid)
    {
        var allocation = PlanCatalog.For(tier).TokenAllocation;
        Assert.Equal(total, allocation.Total);
        Assert.Equal(fromFree, allocation.FreeShare);
        Assert.Equal(fromPaid, allocation.PaidShare);
    }

    [Fact]
    public void All_ListsTheFourTiersInOrder() =>
        Assert.Equal([Tier.Free, Tier.Pro, Tier.Premium, Tier.Enterprise], PlanCatalog.All.Select(p => p.Tier));

    [Fact]
    public void ToolsFor_AnAdminOnAnyTier_AddsTheAdminPanel()
    {
        Assert.Contains(Tool.AdminPanel, PlanCatalog.ToolsFor(Tier.Free, Role.Admin));
        Assert.DoesNotContain(Tool.AdminPanel, PlanCatalog.ToolsFor(Tier.Premium, Role.User));
        Assert.Single(PlanCatalog.ToolsFor(Tier.Enterprise, Role.Admin), t => t == Tool.AdminPanel);
    }
}
