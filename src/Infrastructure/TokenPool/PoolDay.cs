namespace Son1kVers3.Infrastructure.TokenPool;

/// <summary>
/// One day's pool: bases fixed when the row is created, unique clients, and how many
/// <see cref="PoolDayShard"/> rows hold its running figures (fixed for the day).
/// </summary>
internal sealed class PoolDay
{
    /// <summary>Shards of a new day: reservations by different users rarely wait for one another's commit.</summary>
    public const int ShardsPerDay = 32;

    public DateOnly Day { get; set; }
    public int FreeBase { get; set; }
    public int PaidBase { get; set; }
    public int UniqueClients { get; set; }
    public int Shards { get; set; }
}

/// <summary>
/// One of a day's sub-rows of running figures, kept in step with the ledger inside the same
/// transactions (and checked against it by tests): the pool's reserved and used tokens are the sums
/// over the day's shards. Shard s of n may hold at most its share of a bucket's capacity
/// (<see cref="PoolShards.CapacityOf"/>), so the shards together never exceed the bucket.
/// </summary>
internal sealed class PoolDayShard
{
    public DateOnly Day { get; set; }
    public int Shard { get; set; }
    public int FreeReserved { get; set; }
    public int FreeUsed { get; set; }
    public int PaidReserved { get; set; }
    public int PaidUsed { get; set; }
}

internal static class PoolShards
{
    /// <summary>Shard s's share of a capacity split over n shards: the shares differ by at most one and sum to the capacity.</summary>
    public static int CapacityOf(int capacity, int shards, int shard) => (capacity / shards) + (shard < capacity % shards ? 1 : 0);

    /// <summary>The same share in SQL, for a row's <c>shard</c> column (@capacity and @shards are parameters).</summary>
    public static string CapacitySql(string capacity, string shards) => $"({capacity} / {shards} + CASE WHEN shard < {capacity} % {shards} THEN 1 ELSE 0 END)";
}
