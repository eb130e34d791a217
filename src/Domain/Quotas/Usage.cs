using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Domain.Quotas;

/// <summary>
/// What a user has used, counting in-flight reservations as used (a reservation is given back
/// on failure). Daily figures are for the current UTC day.
/// </summary>
public sealed record Usage(
    int GenerationsLifetime,
    IReadOnlyDictionary<MusicModel, int> GenerationsLifetimeByModel,
    int GenerationsToday,
    int DownloadsToday,
    int SharesLifetime,
    int SharesToday,
    int TokensToday)
{
    public static Usage None { get; } = new(0, new Dictionary<MusicModel, int>(), 0, 0, 0, 0, 0);

    public int GenerationsLifetimeOn(MusicModel model) =>
        GenerationsLifetimeByModel.TryGetValue(model, out var count) ? count : 0;
}
