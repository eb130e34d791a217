namespace Son1kVers3.Domain.TokenPool;

/// <summary>
/// The shared token pool of one UTC day (DOMAIN.md §2):
/// FREE = base + 7 × U and PAID = base + 3 × U, where U is the day's unique clients
/// (each contributes 10 tokens, 70 % FREE and 30 % PAID).
/// </summary>
public sealed record DailyPool(DateOnly Date, int UniqueClients, BucketFigures Free, BucketFigures Paid)
{
    public const int TokensPerClient = 10;
    public const int FreeTokensPerClient = 7;
    public const int PaidTokensPerClient = TokensPerClient - FreeTokensPerClient;

    public static DailyPool Compute(DateOnly date, PoolBases bases, int uniqueClients, BucketMovements? movements = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uniqueClients);
        var m = movements ?? BucketMovements.None;
        return new DailyPool(
            date,
            uniqueClients,
            new BucketFigures(bases.Free, FreeTokensPerClient * uniqueClients, m.FreeReserved, m.FreeUsed),
            new BucketFigures(bases.Paid, PaidTokensPerClient * uniqueClients, m.PaidReserved, m.PaidUsed));
    }

    public BucketFigures this[Bucket bucket] => bucket == Bucket.Free ? Free : Paid;
}

/// <summary>Tokens reserved (in flight) and used (committed) from each bucket of a day.</summary>
public sealed record BucketMovements(int FreeReserved, int FreeUsed, int PaidReserved, int PaidUsed)
{
    public static BucketMovements None { get; } = new(0, 0, 0, 0);
}
