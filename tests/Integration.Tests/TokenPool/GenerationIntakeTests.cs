using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Generations;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.TokenPool;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

/// <summary>
/// A new generation is reserved and stored by one statement, first without locking the user's row (guarded by the
/// user's usage revision): on two instances at once it stays exact, and a statement that fails leaves nothing behind.
/// </summary>
[Collection(ApiCollection.Name)]
public class GenerationIntakeTests(ApiFactory api)
{
    private const string Create = "mutation($input: CreateGenerationInput!) { createGeneration(input: $input) { generation { id } errors { code } } }";

    [Fact]
    public async Task ManySimultaneousCreates_OnTwoInstances_AgainstANearlyEmptyPool_StoreExactlyWhatIsLeft_EachWithOneReservationAndOneJob()
    {
        const int Left = 37;
        await using var instances = new TwoInstances(api, new PoolBases(Free: 0, Paid: Left));
        var intakes = new[] { new PostgresGenerationIntake((PostgresTokenLedger)instances.A), new PostgresGenerationIntake((PostgresTokenLedger)instances.B) };
        var users = await instances.CreateUsersAsync(120, Tier.Enterprise);
        var generations = users.Select(user => NewGeneration(instances, user)).ToList();

        var results = await Task.WhenAll(generations.Select((g, i) => intakes[i % 2].ReserveAndStoreAsync(g, GenerationJob.SubmitNow(g.Id, g.CreatedAt), CancellationToken.None)));

        Assert.Equal(Left, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorCodes.PoolExhausted, r.Error!.Code));
        var accepted = generations.Where((_, i) => results[i].IsSuccess).Select(g => g.Id).Order().ToList();
        var stored = await StoredAsync(users);
        Assert.Equal(accepted, stored.Generations.Select(g => g.Id).Order().ToList());
        Assert.Equal(accepted, stored.Jobs.Order().ToList());
        Assert.All(stored.Generations, g => Assert.Equal(generations.Single(x => x.Id == g.Id).ReservationId, g.ReservationId));
        Assert.Equal(stored.Generations.Select(g => g.ReservationId).Order(), stored.Reservations.Order());
        Assert.Equal(new BucketMovements(0, 0, Left, 0), await instances.RecomputeFromLedgerAsync());
        var pool = await instances.A.GetPoolAsync(instances.Day, CancellationToken.None);
        Assert.Equal((Left, 0), (pool.Paid.Reserved, pool.Paid.Remaining));
    }

    [Fact]
    public async Task ACreateWhoseGenerationRowCannotBeStored_ReservesNothing_AndThrows()
    {
        await using var instances = new TwoInstances(api, PoolBases.Default);
        var intake = new PostgresGenerationIntake((PostgresTokenLedger)instances.A);
        var user = (await instances.CreateUsersAsync(1, Tier.Pro))[0];
        var first = NewGeneration(instances, user);
        Assert.True((await intake.ReserveAndStoreAsync(first, GenerationJob.SubmitNow(first.Id, first.CreatedAt), CancellationToken.None)).IsSuccess);

        // The same generation id again (a primary key violation): the token was taken in the same statement, so it is not taken.
        var clash = Generation.Start(first.Id, user, first.Request, Guid.CreateVersion7(), null, instances.Clock.GetUtcNow());
        await Assert.ThrowsAsync<PostgresException>(() => intake.ReserveAndStoreAsync(clash, GenerationJob.SubmitNow(clash.Id, clash.CreatedAt), CancellationToken.None));

        var stored = await StoredAsync([user]);
        Assert.Equal([first.ReservationId], stored.Reservations);
        Assert.Equal([first.Id], stored.Jobs);
        Assert.Equal(new BucketMovements(1, 0, 0, 0), await instances.RecomputeFromLedgerAsync()); // a PRO user's first token is from FREE
        Assert.Equal(1, (await instances.A.GetUsageAsync(user, instances.Day, CancellationToken.None)).GenerationsToday);
    }

    [Fact]
    public async Task TwelveSimultaneousCreates_ByOneProUser_OnTwoServers_StoreExactlyItsFourADay()
    {
        var a = api.CreateClient();
        await using var otherServer = api.With(("PASSWORD_HASH_ITERATIONS", "1000"));
        var b = otherServer.CreateClient();
        var user = await a.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Pro);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? a : b).PostAsAsync(user.AccessToken, Create, new { input = new { model = "V5", prompt = $"race {i}" } })));

        Assert.All(answers, r => Assert.True(r.Data?["createGeneration"] is not null, r.Body?.ToJsonString()));
        var payloads = answers.Select(r => r.Data!["createGeneration"]!).ToList();
        Assert.Equal(4, payloads.Count(p => p["generation"] is not null));
        Assert.All(payloads.Where(p => p["generation"] is null), p => Assert.Equal(ErrorCodes.QuotaExceeded, p["errors"]![0]!["code"]!.GetValue<string>()));
        var stored = await StoredAsync([Seed.IdOf(user.UserId)]);
        Assert.Equal(4, stored.Generations.Count);
        Assert.Equal(4, stored.Jobs.Count);
        Assert.Equal(4, stored.Reservations.Count);
    }

    private static Generation NewGeneration(TwoInstances instances, Guid user)
    {
        var now = instances.Clock.GetUtcNow();
        var request = GenerationRequest.Create(MusicModel.V5, false, "intake test", null, null, false).Value;
        return Generation.Start(Guid.CreateVersion7(now), user, request, Guid.CreateVersion7(now), null, now);
    }

    private async Task<(List<Generation> Generations, List<Guid> Jobs, List<Guid> Reservations)> StoredAsync(IReadOnlyCollection<Guid> users)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var generations = await db.Generations.AsNoTracking().Where(g => users.Contains(g.UserId)).ToListAsync();
        var ids = generations.Select(g => g.Id).ToList();
        var jobs = await db.GenerationJobs.AsNoTracking().Where(j => ids.Contains(j.GenerationId)).Select(j => j.GenerationId).ToListAsync();
        var reservations = await db.TokenReservations.AsNoTracking().Where(r => users.Contains(r.UserId)).Select(r => r.Id).ToListAsync();
        return (generations, jobs, reservations);
    }
}
