namespace Son1kVers3.Domain.TokenPool;

/// <summary>The fixed part of each bucket per day, bought by the platform (configuration).</summary>
public sealed record PoolBases(int Free, int Paid)
{
    public static PoolBases Default { get; } = new(1000, 2000);
}
