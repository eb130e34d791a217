using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

/// <summary>The ledger under many simultaneous callers on two "server processes" sharing one PostgreSQL.</summary>
[Collection(ApiCollection.Name)]
public class TokenLedgerConcurrencyTests(ApiFactory api)
{
    [Fact]
    public async Task TwoHundredSimultaneousReservations_ForOneProUser_SucceedExactlyFourTimes()
    {
        await using var instances = new TwoInstances(api, PoolBases.Default);
        var user = (await instances.CreateUsersAsync(1, Tier.Pro))[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            instances.For(i).ReserveAsync(user, i % 3 == 0 ? MusicModel.V3_5 : MusicModel.V5, "test", CancellationToken.None)));

        Assert.Equal(4, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.QuotaExceeded, r.Error!.Code));
        Assert.Equal([Bucket.Free, Bucket.Free, Bucket.Paid, Bucket.Paid], results.Where(r => r.IsSuccess).Select(r => r.Value.Bucket).Order());
        var pool = await instances.A.GetPoolAsync(instances.Day, CancellationToken.None);
        Assert.Equal((2, 2), (pool.Free.Reserved, pool.Paid.Reserved));
        Assert.Equal(new BucketMovements(2, 0, 2, 0), await instances.RecomputeFromLedgerAsync());
    }

    [Fact]
    public async Task ThreeHundredFreeUsers_AgainstAFreeBucketOf250_SucceedExactly250Times_AndReleasesRestoreEverything()
    {
        await using var instances = new TwoInstances(api, new PoolBases(Free: 250, Paid: 2000));
        var users = await instances.CreateUsersAsync(300, Tier.Free);

        var results = await Task.WhenAll(users.Select((user, i) => instances.For(i).ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None)));

        Assert.Equal(250, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.PoolExhausted, r.Error!.Code));
        Assert.All(results.Where(r => r.IsSuccess), r => Assert.Equal(Bucket.Free, r.Value.Bucket));
        var full = await instances.A.GetPoolAsync(instances.Day, CancellationToken.None);
        Assert.Equal((250, 0, 0, 0), (full.Free.Reserved, full.Free.Remaining, full.Paid.Reserved, full.Paid.Used));
        Assert.Equal(new BucketMovements(250, 0, 0, 0), await instances.RecomputeFromLedgerAsync());

        var released = await Task.WhenAll(results.Where(r => r.IsSuccess).Select((r, i) =>
            instances.For(i + 1).ReleaseAsync(r.Value.ReservationId, "generation failed", CancellationToken.None)));

        Assert.All(released, Assert.True);
        var empty = await instances.B.GetPoolAsync(instances.Day, CancellationToken.None);
        Assert.Equal((0, 0, 250), (empty.Free.Reserved, empty.Free.Used, empty.Free.Remaining));
        Assert.Equal(new BucketMovements(0, 0, 0, 0), await instances.RecomputeFromLedgerAsync());
        foreach (var user in users.Take(20))
        {
            var usage = await instances.A.GetUsageAsync(user, instances.Day, CancellationToken.None);
            Assert.Equal((0, 0, 0), (usage.GenerationsLifetime, usage.GenerationsToday, usage.TokensToday));
        }

        Assert.True((await instances.B.ReserveAsync(users[^1], MusicModel.V5, "again", CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task ASettlement_HappensExactlyOnce_EvenWhenRequestedConcurrently()
    {
        await using var instances = new TwoInstances(api, PoolBases.Default);
        var user = (await instances.CreateUsersAsync(1, Tier.Premium))[0];
        var reservation = (await instances.A.ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None)).Value;

        var commits = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => instances.For(i).CommitAsync(reservation.ReservationId, "completed", CancellationToken.None)));
        var lateRelease = await instances.B.ReleaseAsync(reservation.ReservationId, "late failure", CancellationToken.None);

        Assert.Equal(1, commits.Count(c => c));
        Assert.False(lateRelease);
        var pool = await instances.A.GetPoolAsync(instances.Day, CancellationToken.None);
        Assert.Equal((0, 1), (pool.Free.Reserved, pool.Free.Used));
        Assert.Equal(new BucketMovements(0, 1, 0, 0), await instances.RecomputeFromLedgerAsync());
        Assert.Equal(1, (await instances.A.GetUsageAsync(user, instances.Day, CancellationToken.None)).GenerationsToday);
    }

    [Fact]
    public async Task AFreeUser_ReleasingAFailedV5Generation_GetsTheModelQuotaBack()
    {
        await using var instances = new TwoInstances(api, PoolBases.Default);
        var user = (await instances.CreateUsersAsync(1, Tier.Free))[0];
        var first = (await instances.A.ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None)).Value;
        await instances.A.ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None);

        var third = await instances.B.ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None);
        await instances.B.ReleaseAsync(first.ReservationId, "generation failed", CancellationToken.None);
        var afterRelease = await instances.A.ReserveAsync(user, MusicModel.V5, "test", CancellationToken.None);

        Assert.Equal(ErrorCodes.ModelQuotaExceeded, third.Error?.Code);
        Assert.True(afterRelease.IsSuccess);
    }

    [Fact]
    public async Task APaidUser_WhenTheFreeBucketIsEmpty_DrawsItsFreeShareFromPaid()
    {
        await using var instances = new TwoInstances(api, new PoolBases(Free: 0, Paid: 10));
        var (free, pro) = ((await instances.CreateUsersAsync(1, Tier.Free))[0], (await instances.CreateUsersAsync(1, Tier.Pro))[0]);

        var freeUser = await instances.A.ReserveAsync(free, MusicModel.V5, "test", CancellationToken.None);
        var proUser = await instances.A.ReserveAsync(pro, MusicModel.V5, "test", CancellationToken.None);

        Assert.Equal(ErrorCodes.PoolExhausted, freeUser.Error?.Code);
        Assert.Equal(Bucket.Paid, proUser.Value.Bucket);
    }

    [Fact]
    public async Task AnUnknownUser_IsNotFound()
    {
        await using var instances = new TwoInstances(api, PoolBases.Default);

        Assert.Equal(ErrorCodes.NotFound, (await instances.A.ReserveAsync(Guid.NewGuid(), MusicModel.V5, "test", CancellationToken.None)).Error?.Code);
    }
}
