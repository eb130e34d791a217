using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Domain.Plans;

/// <summary>
/// One row of the plan table (DOMAIN.md §1–2). A null limit means unlimited; a plan has either
/// a lifetime generation limit (FREE) or a daily one (paid tiers), never both.
/// </summary>
public sealed record Plan(
    Tier Tier,
    int? GenerationsPerDay,
    int? LifetimeGenerations,
    IReadOnlyDictionary<MusicModel, int> LifetimeGenerationsByModel,
    int? DownloadsPerDay,
    int? SharesPerDay,
    int? LifetimeShares,
    bool WatermarkedShares,
    IReadOnlyList<Tool> Tools,
    TokenAllocation TokenAllocation)
{
    public bool HasTool(Tool tool) => Tools.Contains(tool);

    /// <summary>The lifetime limit on one model, or null when the plan has none for it.</summary>
    public int? LifetimeLimitFor(MusicModel model) =>
        LifetimeGenerationsByModel.TryGetValue(model, out var limit) ? limit : null;
}
