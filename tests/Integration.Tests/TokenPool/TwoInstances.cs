using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Infrastructure.TokenPool;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

/// <summary>
/// Two ledgers on the real PostgreSQL, each with its own connection pool, as two server
/// processes would have, on a day of the test's own.
/// </summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    private readonly NpgsqlDataSource _a;
    private readonly NpgsqlDataSource _b;

    public TwoInstances(ApiFactory api, PoolBases bases)
    {
        Api = api;
        Clock = ManualClock.OnAFreshDay();
        _a = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(api.ConnectionString) { ApplicationName = "instance-a", MaxPoolSize = 20 }.ConnectionString);
        _b = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(api.ConnectionString) { ApplicationName = "instance-b", MaxPoolSize = 20 }.ConnectionString);
        A = new PostgresTokenLedger(_a, new PoolSettings(bases), Clock);
        B = new PostgresTokenLedger(_b, new PoolSettings(bases), Clock);
    }

    public ApiFactory Api { get; }
    public ManualClock Clock { get; }
    public ITokenLedger A { get; }
    public ITokenLedger B { get; }
    public DateOnly Day => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Ledger A for even callers, B for odd ones.</summary>
    public ITokenLedger For(int caller) => caller % 2 == 0 ? A : B;

    public async Task<Guid[]> CreateUsersAsync(int count, Tier tier)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = Enumerable.Range(0, count).Select(_ => User.Create(Support.Accounts.NewEmail(), null, null, Clock.GetUtcNow())).ToArray();
        foreach (var user in users)
        {
            user.ChangeTier(tier);
        }

        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return users.Select(u => u.Id).ToArray();
    }

    /// <summary>The pool's figures recomputed from the ledger's movements alone.</summary>
    public async Task<BucketMovements> RecomputeFromLedgerAsync()
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var day = Day;
        var rows = await db.TokenMovements.Where(m => m.Day == day).GroupBy(m => new { m.Bucket, m.Kind })
            .Select(g => new { g.Key.Bucket, g.Key.Kind, Count = g.Count() }).ToListAsync();
        int Count(Bucket b, MovementKind k) => rows.Where(r => r.Bucket == b && r.Kind == k).Sum(r => r.Count);
        int Reserved(Bucket b) => Count(b, MovementKind.Reserve) - Count(b, MovementKind.Commit) - Count(b, MovementKind.Release);
        return new BucketMovements(Reserved(Bucket.Free), Count(Bucket.Free, MovementKind.Commit), Reserved(Bucket.Paid), Count(Bucket.Paid, MovementKind.Commit));
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }
}
