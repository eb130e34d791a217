using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.Jobs;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>
/// Job steps run by hand, as two instances' workers would run them, on a server whose own worker
/// is off: a worker whose lease was taken over writes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public class JobFencingTests(ApiFactory api) : IDisposable
{
    private readonly SlowSunoFake _provider = new(submitDelayMs: 0, pollDelayMs: 0);
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task AWorkerWhoseLeaseWasTakenOver_WritesNoOutcome_TheNewHoldersOutcomeStands_AndTheLedgerMovesOnce()
    {
        await using var server = await ServerAsync();
        var (token, id, generationId) = await CreateAsync(server, "fenced-song");
        var queue = server.Services.GetRequiredService<GenerationJobQueue>();
        await AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-old"))); // submitted
        await Task.Delay(100); // its first poll is due

        // The takeover must happen while the old poll is out (2 s to spare on a loaded CI machine: a sibling test with a 1 s
        // window saw its poll answered first), the new holder must hear last, and within its 4 s lease.
        _provider.PollAnswers("GENERATE_AUDIO_FAILED", delayMs: 2500);
        var oldStep = AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-old"))); // hears "failed" after 2.5 s
        await Task.Delay(500);
        _provider.PollAnswers("SUCCESS", delayMs: 3500);
        await ExpireLeaseAsync(server, generationId); // as if the old worker had stopped renewing
        var newStep = AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-new"))); // hears "success" after 3.5 s, last
        await Task.WhenAll(oldStep, newStep);

        var done = await server.CreateClient().GetAsync(token, id);
        Assert.Equal("COMPLETED", done!["status"]!.GetValue<string>());
        Assert.Equal(2, done["tracks"]!.AsArray().Count);
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
        var warning = Assert.Single(_logs.Lines, e => e.Level == LogLevel.Warning && e.Message.Contains(generationId.ToString(), StringComparison.Ordinal));
        Assert.Contains("instance-old lost its lease", warning.Message, StringComparison.Ordinal);
        Assert.Contains("to instance instance-new", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, e => e.Level >= LogLevel.Error && (e.Category.Contains("Generation", StringComparison.Ordinal) || e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AJobFoundMidSubmit_FailsAsAnUnknownOutcome_WithoutResending_AndAWarningNamingIt()
    {
        await using var server = await ServerAsync();
        var (token, id, generationId) = await CreateAsync(server, "lost-submit");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlAsync(
                $"UPDATE generation_jobs SET step = 'Submitting' WHERE generation_id = {generationId}"); // its worker died waiting for the answer
        }

        await AdvanceAsync(server, Assert.Single(await ClaimAsync(server.Services.GetRequiredService<GenerationJobQueue>(), "instance-next")));

        var failed = await server.CreateClient().GetAsync(token, id);
        Assert.Equal("FAILED", failed!["status"]!.GetValue<string>());
        Assert.Empty(_provider.SubmittedPrompts());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
        Assert.Contains(_logs.Lines, e => e.Level == LogLevel.Warning && e.Message.Contains($"Generation {generationId} failed as an unknown outcome", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _provider.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task ASubmitStep_AndTheCompletingPoll_EachSendTheReadAndOneOutcomeStatement_TheClaimItselfRecordingTheSubmitBeforeItLeaves()
    {
        await using var server = await ServerAsync();
        var (token, id, generationId) = await CreateAsync(server, "counted-steps");
        var queue = server.Services.GetRequiredService<GenerationJobQueue>();
        var lease = Assert.Single(await ClaimAsync(queue, "instance-counted"));
        Assert.Equal(JobStep.Submit, lease.Step);
        Assert.Equal("Submitting", await StepAsync(server, generationId)); // recorded by the claim: a crash from here on is never resent

        int submit;
        IReadOnlyList<string> submitStatements;
        using (var counter = NpgsqlCommandCounter.OfThisFlow())
        {
            await AdvanceAsync(server, lease); // reads the generation, submits, writes the outcome
            submitStatements = Sent(counter);
            submit = submitStatements.Count;
        }

        await Task.Delay(100); // its first poll is due
        _provider.PollAnswers("SUCCESS", delayMs: 0);
        int poll;
        IReadOnlyList<string> pollStatements;
        using (var counter = NpgsqlCommandCounter.OfThisFlow())
        {
            await AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-counted"))); // completes: the job ends, the token is committed
            pollStatements = Sent(counter);
            poll = pollStatements.Count;
        }

        Assert.Equal("COMPLETED", (await server.CreateClient().GetAsync(token, id))!["status"]!.GetValue<string>());
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
        Assert.Single(_provider.SubmittedPrompts());
        // The claim records Submitting (no write of its own); the step reads the generation with its tracks, and writes the
        // generation, its tracks, the job's next step or end and the ledger's settlement in one statement. The poll's count
        // includes its claim. With EF's outcome transaction they were 4 and 6.
        Assert.True(submit <= 2 && poll <= 3,
            $"the submit step sent {submit} commands:\n{string.Join("\n", submitStatements)}\nthe completing poll {poll} with its claim:\n{string.Join("\n", pollStatements)}");
    }

    [Fact]
    public async Task APollWithNoNews_SendsTwoCommands_TheReadAndOneReschedule_AndTheJobIsDueAgainAfterItsBackoff_WithItsLeaseEnded()
    {
        await using var server = await ServerAsync();
        var (token, id, generationId) = await CreateAsync(server, "no-news");
        var queue = server.Services.GetRequiredService<GenerationJobQueue>();
        await AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-quiet"))); // submitted
        await Task.Delay(100); // its first poll is due

        _provider.PollAnswers("PENDING", delayMs: 0);
        var lease = Assert.Single(await ClaimAsync(queue, "instance-quiet"));
        int poll;
        using (var counter = NpgsqlCommandCounter.OfThisFlow())
        {
            await AdvanceAsync(server, lease); // reads the generation, polls, hears nothing new
            poll = counter.Count;
        }

        var job = await JobAsync(server, generationId);
        Assert.Equal(JobStep.Poll, job.Step);
        Assert.Equal(lease.Attempts + 1, job.Attempts); // the next poll backs off further
        Assert.Null(job.LeaseToken);
        Assert.Null(job.LeaseUntil);
        Assert.True(job.DueAt > DateTimeOffset.UtcNow.AddSeconds(2), $"due at {job.DueAt:O}"); // the production poll interval, 5 s
        Assert.Equal("QUEUED", (await server.CreateClient().GetAsync(token, id))!["status"]!.GetValue<string>());
        // No transaction, no second read of the generation under the job's lock, no save: one fenced statement (it was 4 commands).
        Assert.True(poll <= 2, $"the poll with no news sent {poll} commands");
    }

    [Fact]
    public async Task APollWithNoNews_ByAWorkerWhoseLeaseWasTakenOver_WritesNothing_TheNewHolderKeepsTheJob()
    {
        await using var server = await ServerAsync();
        var (_, _, generationId) = await CreateAsync(server, "no-news-fenced");
        var queue = server.Services.GetRequiredService<GenerationJobQueue>();
        await AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-old"))); // submitted
        await Task.Delay(100); // its first poll is due

        _provider.PollAnswers("PENDING", delayMs: 3000); // seconds to spare for the takeover below on a loaded CI machine
        var oldStep = AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-old"))); // hears "pending" after 3 s
        await Task.Delay(300);
        await ExpireLeaseAsync(server, generationId); // as if the old worker had stopped renewing
        var newLease = Assert.Single(await ClaimAsync(queue, "instance-new"));
        await oldStep;

        var job = await JobAsync(server, generationId);
        Assert.Equal(newLease.Token, job.LeaseToken); // the old worker's reschedule did not end the new holder's lease
        Assert.Equal("instance-new", job.LeasedBy);
        Assert.Equal(newLease.Attempts, job.Attempts);
        Assert.Contains(_logs.Lines, e => e.Message.Contains($"instance-old no longer holds the job of generation {generationId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACallbackWrittenWhileTheWorkersPollIsOut_IsKept_AndThePollIsAppliedAgainOnTopOfIt_WithoutATrackTwice()
    {
        await using var server = await ServerAsync();
        var (token, id, generationId) = await CreateAsync(server, "callback-mid-poll");
        var queue = server.Services.GetRequiredService<GenerationJobQueue>();
        await AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-polling"))); // submitted
        await Task.Delay(100); // its first poll is due

        // The callback and the status check below must both happen while the poll is out: 1.5 s was not always enough on a
        // loaded CI machine (the check saw the poll's COMPLETED), so the poll is answered after 3 s, within the step's 4 s lease.
        _provider.PollAnswers("SUCCESS", delayMs: 3000);
        var step = AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-polling"))); // reads QUEUED, hears clips a and b after 3 s
        await Task.Delay(500);
        var taskId = await TaskIdAsync(server, generationId);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var textReady = new ProviderUpdate(ProviderStage.TextReady, [new ProviderTrack($"{taskId}-b", "Early", null, null, null, null, "[Verse] early")]);
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApplyProviderReport>().HandleAsync(taskId, textReady, CancellationToken.None));
        }

        Assert.Equal("GENERATING", (await server.CreateClient().GetAsync(token, id))!["status"]!.GetValue<string>());
        await step; // its outcome was decided on QUEUED without tracks: written again on the callback's state

        var done = await server.CreateClient().GetAsync(token, id);
        Assert.Equal("COMPLETED", done!["status"]!.GetValue<string>());
        var tracks = done["tracks"]!.AsArray();
        Assert.Equal(2, tracks.Count);
        Assert.EndsWith("-b.jpeg", tracks[0]!["imageUrl"]!.GetValue<string>(), StringComparison.Ordinal); // the callback's track, first, completed by the poll
        Assert.EndsWith("-a.jpeg", tracks[1]!["imageUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
    }

    [Fact]
    public async Task ACallbackAndAWorkersStep_WritingOneGenerationAtTheSameMoment_TakeTurns_WithoutADeadlock_AndTheFirstTerminalStateStands()
    {
        await using var server = await ServerAsync();
        var (token, id, generationId) = await CreateAsync(server, "callback-meets-poll");
        var queue = server.Services.GetRequiredService<GenerationJobQueue>();
        await AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-polling"))); // submitted
        await Task.Delay(100); // its first poll is due
        var taskId = await TaskIdAsync(server, generationId);

        _provider.PollAnswers("SUCCESS", delayMs: 1500);
        var step = AdvanceAsync(server, Assert.Single(await ClaimAsync(queue, "instance-polling"))); // writes "complete" after 1.5 s

        // Another session holds the generation's row, so the callback and then the step's write both queue for it.
        await using var holder = new NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM generations WHERE id = @id FOR UPDATE", holder, hold))
        {
            lockRow.Parameters.AddWithValue("id", generationId);
            await lockRow.ExecuteScalarAsync();
        }

        var callback = Task.Run(async () =>
        {
            await using var scope = server.Services.CreateAsyncScope();
            var failed = new ProviderUpdate(ProviderStage.Failed, [], "The provider could not make this song.");
            return await scope.ServiceProvider.GetRequiredService<ApplyProviderReport>().HandleAsync(taskId, failed, CancellationToken.None);
        });
        Assert.Equal(2L, await Eventually.ReadAsync(() => PostgresLocks.WaitingAsync(holder), 2L));
        await hold.CommitAsync();

        Assert.True(await callback.WaitAsync(TimeSpan.FromSeconds(10))); // not chosen as a deadlock's victim
        await step.WaitAsync(TimeSpan.FromSeconds(10)); // nor the step: it finds the job ended, and writes nothing
        var done = await server.CreateClient().GetAsync(token, id);
        Assert.Equal("FAILED", done!["status"]!.GetValue<string>());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
        Assert.DoesNotContain(_logs.Lines, e => e.Level >= LogLevel.Error);
    }

    /// <summary>A server on emptied tables, so the only due job is the test's own.</summary>
    private async Task<WebApplicationFactory<Program>> ServerAsync()
    {
        await api.ResetDataAsync();
        return Server();
    }

    private WebApplicationFactory<Program> Server() =>
        _logs.On(api.With([.. _provider.Settings.Select(s => (s.Key, (string?)s.Value)), ("GENERATION_FIRST_POLL_MS", "10"), ("GENERATION_LEASE_SECONDS", "4")]), LogLevel.Information);

    private static async Task<(string Token, string Id, Guid GenerationId)> CreateAsync(WebApplicationFactory<Program> server, string prompt)
    {
        var client = server.CreateClient();
        var user = await client.RegisterAsync();
        var id = (await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt }))["id"]!.GetValue<string>();
        return (user.AccessToken, id, Seed.IdOf(id));
    }

    private static Task<IReadOnlyList<JobLease>> ClaimAsync(GenerationJobQueue queue, string instanceId) =>
        queue.ClaimDueAsync(1, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(4), instanceId, CancellationToken.None);

    private static async Task AdvanceAsync(WebApplicationFactory<Program> server, JobLease lease)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdvanceGeneration>().HandleAsync(lease, CancellationToken.None);
    }

    /// <summary>The statements counted, without the opening of a new physical connection (a pool miss, not a round trip of the step).</summary>
    private static List<string> Sent(NpgsqlCommandCounter counter) =>
        [.. counter.Statements.Where(s => !s.StartsWith("CONNECT ", StringComparison.Ordinal))];

    private static async Task<string> TaskIdAsync(WebApplicationFactory<Program> server, Guid generationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations.AsNoTracking().SingleAsync(g => g.Id == generationId)).ProviderTaskId!;
    }

    private static async Task<string> StepAsync(WebApplicationFactory<Program> server, Guid generationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.GenerationJobs.AsNoTracking().SingleAsync(j => j.GenerationId == generationId)).Step.ToString();
    }

    private static async Task<GenerationJob> JobAsync(WebApplicationFactory<Program> server, Guid generationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().GenerationJobs.AsNoTracking().SingleAsync(j => j.GenerationId == generationId);
    }


    private static async Task ExpireLeaseAsync(WebApplicationFactory<Program> server, Guid generationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var past = DateTimeOffset.UtcNow.AddSeconds(-1);
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlAsync(
            $"UPDATE generation_jobs SET lease_until = {past} WHERE generation_id = {generationId}");
    }
}
