using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>How often an instance's worker asks PostgreSQL for due jobs while it works (each claim is a transaction).</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkerClaimTests(ApiFactory api)
{
    /// <summary>
    /// A claim that found fewer due jobs than free slots was followed by another claim as soon as any step ended, which
    /// makes no job due: about one empty claim per step of every song. Now the next claim waits for the idle delay.
    /// </summary>
    [Fact]
    public async Task AWorkerWhoseStepsEnd_ClaimsOncePerIdleDelay_NotAfterEveryEndedStep()
    {
        const int Songs = 12;
        await api.ResetDataAsync();
        await using var server = api.With(
            ("GENERATION_WORKER_ENABLED", "true"), ("GENERATION_WORKER_IDLE_MS", "1000"), ("GENERATION_WORKER_PARALLELISM", "64"),
            ("GENERATION_FIRST_POLL_MS", "50"), ("GENERATION_POLL_INTERVAL_MS", "50"), ("GENERATION_MAX_POLL_INTERVAL_MS", "100"),
            ("SIMULATOR_STAGE_MS", "150"));
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        await Seed.SetTierAsync(api, user.Email, Tier.Enterprise);
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        long claims = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "son1kvers3.generation.claims")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref claims, value));
        listener.Start();

        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < Songs; i++)
        {
            ids.Add((await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = $"claimed {i}" }))["id"]!.GetValue<string>());
        }

        foreach (var id in ids)
        {
            await client.WaitForAsync(user.AccessToken, id, "COMPLETED", seconds: 60);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var counted = Interlocked.Read(ref claims);

        // At least two steps per song (the submit, the completing poll): a claim after each ended step was >= 24 claims.
        Assert.True(counted <= Math.Ceiling(seconds) + 2, $"{counted} claims in {seconds:0.0} s for {Songs} songs (idle delay 1 s)");
    }
}
