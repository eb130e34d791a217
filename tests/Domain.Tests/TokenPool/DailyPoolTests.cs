using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Domain.Tests.TokenPool;

public class DailyPoolTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void HundredUniqueClients_Give1700Free_And2300Paid()
    {
        var pool = DailyPool.Compute(Today, PoolBases.Default, uniqueClients: 100);
        Assert.Equal((1000, 700, 1700), (pool.Free.Base, pool.Free.Contributed, pool.Free.Capacity));
        Assert.Equal((2000, 300, 2300), (pool.Paid.Base, pool.Paid.Contributed, pool.Paid.Capacity));
    }

    [Fact]
    public void NoClients_LeavesTheBases()
    {
        var pool = DailyPool.Compute(Today, PoolBases.Default, uniqueClients: 0);
        Assert.Equal(1000, pool.Free.Remaining);
        Assert.Equal(2000, pool.Paid.Remaining);
    }

    [Fact]
    public void EachClient_ContributesTenTokens_SevenFreeThreePaid()
    {
        var before = DailyPool.Compute(Today, PoolBases.Default, 41);
        var after = DailyPool.Compute(Today, PoolBases.Default, 42);
        Assert.Equal(7, after.Free.Capacity - before.Free.Capacity);
        Assert.Equal(3, after.Paid.Capacity - before.Paid.Capacity);
    }

    [Fact]
    public void Remaining_SubtractsReservedAndUsed_AndNeverGoesNegative()
    {
        var pool = DailyPool.Compute(Today, new PoolBases(10, 20), 0, new BucketMovements(3, 4, 25, 0));
        Assert.Equal(3, pool.Free.Remaining);
        Assert.Equal(0, pool.Paid.Remaining);
    }

    [Fact]
    public void Bases_ComeFromConfiguration()
    {
        var pool = DailyPool.Compute(Today, new PoolBases(5, 6), 1);
        Assert.Equal(12, pool.Free.Capacity);
        Assert.Equal(9, pool.Paid.Capacity);
    }
}
