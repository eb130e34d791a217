using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.Jobs;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.TokenPool;

[Collection(ApiCollection.Name)]
public class ReservationSweeperTests(ApiFactory api)
{
    [Fact]
    public async Task AnOrphanMadeByHand_IsReleasedByTheSweeper_AndTheReleaseIsLoggedAsAWarningNamingIt()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var logs = new CapturedLogs();
        await using var server = logs.On(api.WithClock(clock), LogLevel.Warning);
        var user = await server.CreateClient().RegisterAsync();
        var ledger = server.Services.GetRequiredService<ITokenLedger>();
        var orphan = (await ledger.ReserveAsync(Seed.IdOf(user.UserId), MusicModel.V5, "made by hand, no generation", CancellationToken.None)).Value;
        var counted = 0L;
        using var listener = new MeterListener { InstrumentPublished = (instrument, l) => { if (instrument.Name == "son1kvers3.reservations.swept") { l.EnableMeasurementEvents(instrument); } } };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();

        clock.Advance(TimeSpan.FromMinutes(12));
        await server.Services.GetRequiredService<ReservationSweeper>().SweepAsync(CancellationToken.None);

        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains(orphan.ReservationId.ToString(), StringComparison.Ordinal));
        Assert.Contains("released", warning.Message, StringComparison.Ordinal);
        Assert.Contains("never stored", warning.Message, StringComparison.Ordinal);
        Assert.True(Interlocked.Read(ref counted) >= 1);
        Assert.False(await ledger.ReleaseAsync(orphan.ReservationId, "again", CancellationToken.None)); // already released
    }

    [Fact]
    public async Task AReservationWhoseGenerationWasNeverStored_IsReleasedOnceItIsPastTheHardLimit()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock);
        var user = await server.CreateClient().RegisterAsync();
        var ledger = server.Services.GetRequiredService<ITokenLedger>();
        var orphan = (await ledger.ReserveAsync(Seed.IdOf(user.UserId), MusicModel.V5, "generation that crashed before being stored", CancellationToken.None)).Value;
        var sweeper = server.Services.GetRequiredService<ReservationSweeper>();

        var early = await sweeper.SweepAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(12));
        var late = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.True(late >= 1);
        Assert.False(await ledger.ReleaseAsync(orphan.ReservationId, "again", CancellationToken.None)); // already released
        Assert.Equal(0, (await ledger.GetUsageAsync(Seed.IdOf(user.UserId), orphan.Day, CancellationToken.None)).TokensToday);
    }
}
