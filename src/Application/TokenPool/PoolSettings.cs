using Son1kVers3.Application.Common;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.TokenPool;

public sealed record PoolSettings(PoolBases Bases)
{
    public static PoolSettings Read(SettingsReader settings) => new(new PoolBases(
        settings.Int("POOL_FREE_BASE", PoolBases.Default.Free, min: 0, max: 100_000_000),
        settings.Int("POOL_PAID_BASE", PoolBases.Default.Paid, min: 0, max: 100_000_000)));
}
