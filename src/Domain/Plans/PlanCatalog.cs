using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Domain.Plans;

/// <summary>The plan table of DOMAIN.md §1–2, as data, in one place.</summary>
public static class PlanCatalog
{
    private static readonly Dictionary<MusicModel, int> NoModelLimits = [];

    private static readonly Tool[] FreeTools = [Tool.PixelBasic];
    private static readonly Tool[] ProTools = [.. FreeTools, Tool.MusicGenerator, Tool.GhostStudio, Tool.NovaPost];
    private static readonly Tool[] PremiumTools = [.. ProTools, Tool.NexusMode];
    private static readonly Tool[] EnterpriseTools = [.. PremiumTools, Tool.AdminPanel];

    public static readonly Plan Free = new(
        Tier.Free,
        GenerationsPerDay: null,
        LifetimeGenerations: 5,
        LifetimeGenerationsByModel: new Dictionary<MusicModel, int> { [MusicModel.V3_5] = 3, [MusicModel.V5] = 2 },
        DownloadsPerDay: 0,
        SharesPerDay: null,
        LifetimeShares: 5,
        WatermarkedShares: true,
        FreeTools,
        new TokenAllocation(FreeShare: 5, PaidShare: 0));

    public static readonly Plan Pro = new(
        Tier.Pro, GenerationsPerDay: 4, LifetimeGenerations: null, NoModelLimits,
        DownloadsPerDay: 10, SharesPerDay: 5, LifetimeShares: null, WatermarkedShares: false,
        ProTools, new TokenAllocation(FreeShare: 2, PaidShare: 2));

    public static readonly Plan Premium = new(
        Tier.Premium, GenerationsPerDay: 5, LifetimeGenerations: null, NoModelLimits,
        DownloadsPerDay: 25, SharesPerDay: 15, LifetimeShares: null, WatermarkedShares: false,
        PremiumTools, new TokenAllocation(FreeShare: 1, PaidShare: 4));

    public static readonly Plan Enterprise = new(
        Tier.Enterprise, GenerationsPerDay: null, LifetimeGenerations: null, NoModelLimits,
        DownloadsPerDay: null, SharesPerDay: null, LifetimeShares: null, WatermarkedShares: false,
        EnterpriseTools, new TokenAllocation(FreeShare: 0, PaidShare: 100));

    public static IReadOnlyList<Plan> All { get; } = [Free, Pro, Premium, Enterprise];

    public static Plan For(Tier tier) => tier switch
    {
        Tier.Free => Free,
        Tier.Pro => Pro,
        Tier.Premium => Premium,
        Tier.Enterprise => Enterprise,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier"),
    };

    /// <summary>The tools a user has: the tier's, plus ADMIN_PANEL for admins.</summary>
    public static IReadOnlyList<Tool> ToolsFor(Tier tier, Role role)
    {
        var tools = For(tier).Tools;
        return role == Role.Admin && !tools.Contains(Tool.AdminPanel) ? [.. tools, Tool.AdminPanel] : tools;
    }
}
