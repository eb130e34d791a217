using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.TokenPool;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

/// <summary>The day's figures live in shard rows (so reservations do not queue on one row); together they stay exact.</summary>
[Collection(ApiCollection.Name)]
public class ShardedPoolTests(ApiFactory api)
{
    [Fact]
    public async Task ManySimultaneousReserves_OnTwoInstances_AgainstANearlyEmptyPool_TakeExactlyWhatIsLeft_AndARefundLandsOnItsShard()
    {
        const int Left = 37; // not a multiple of the shard count: the shards' shares differ
        await using var instances = new TwoInstances(api, new PoolBases(Free: 0, Paid: Left));
        var users = await instances.CreateUsersAsync(120, Tier.Enterprise);

        var results = await Task.WhenAll(users.Select((user, i) => instances.For(i).ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None)));

        Assert.Equal(Left, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.PoolExhausted, r.Error!.Code));
        var shards = await ShardsAsync(instances.Day);
        Assert.Equal(PoolDay.ShardsPerDay, shards.Count);
        Assert.All(shards, s => Assert.Equal(PoolShards.CapacityOf(Left, shards.Count, s.Shard), s.PaidReserved)); // every shard full, none beyond its share
        Assert.Equal(new BucketMovements(0, 0, Left, 0), await instances.RecomputeFromLedgerAsync());

        var refunded = results.First(r => r.IsSuccess).Value.ReservationId;
        var shardOfRefund = await ShardOfAsync(refunded);
        Assert.True(await instances.B.ReleaseAsync(refunded, "generation failed", CancellationToken.None));
        var afterRefund = await ShardsAsync(instances.Day);
        Assert.Equal(shards.Single(s => s.Shard == shardOfRefund).PaidReserved - 1, afterRefund.Single(s => s.Shard == shardOfRefund).PaidReserved);
        Assert.Equal(Left - 1, afterRefund.Sum(s => s.PaidReserved));

        var again = await Task.WhenAll(results.Where(r => !r.IsSuccess).Take(10).Select((_, i) =>
            instances.For(i).ReserveAsync(users[^(i + 1)], MusicModel.V5, "again", CancellationToken.None)));
        Assert.Equal(1, again.Count(r => r.IsSuccess));
        Assert.Equal(shardOfRefund, await ShardOfAsync(again.Single(r => r.IsSuccess).Value.ReservationId));
        var pool = await instances.A.GetPoolAsync(instances.Day, CancellationToken.None);
        Assert.Equal((Left, 0), (pool.Paid.Reserved, pool.Paid.Remaining));
        Assert.Equal(new BucketMovements(0, 0, Left, 0), await instances.RecomputeFromLedgerAsync());
    }

    private async Task<List<PoolDayShard>> ShardsAsync(DateOnly day)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.PoolDayShards.AsNoTracking().Where(s => s.Day == day).OrderBy(s => s.Shard).ToListAsync();
    }

    private async Task<int> ShardOfAsync(Guid reservationId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.TokenReservations.Where(r => r.Id == reservationId).Select(r => EF.Property<int>(r, "Shard")).SingleAsync();
    }
}
