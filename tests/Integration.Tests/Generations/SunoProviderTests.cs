using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Infrastructure.Persistence;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>The pipeline against a WireMock fake of Suno: polling, callbacks, races and every error code.</summary>
[Collection(ApiCollection.Name)]
public sealed class SunoProviderTests(ApiFactory api) : IAsyncLifetime
{
    private readonly SunoFake _suno = new();
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The server goes first: its worker must not outlive the fake it talks to (all servers share the job table).</summary>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _suno.Dispose();
    }

    private readonly string _prompt = $"neon synthwave {Guid.NewGuid():N}";

    private async Task<(HttpClient Client, SignedIn User, string Id)> StartAsync(TimeProvider? clock = null)
    {
        await Seed.DropLeftoverJobsAsync(api); // else this worker first drains other tests' backlog (20 s+ under load)
        _server = clock is null ? api.With(_suno.Settings) : api.WithClock(clock, _suno.Settings);
        var client = _server.CreateClient();
        var user = await client.RegisterAsync();
        var created = await client.CreateOkAsync(user.AccessToken, new { model = "V5", prompt = _prompt });
        return (client, user, created["id"]!.GetValue<string>());
    }

    /// <summary>This test's submits only: a job another test left in the shared database may reach this fake too.</summary>
    private List<WireMock.Logging.ILogEntry> Submits() =>
        [.. _suno.Submits().Where(e => e.RequestMessage.Body?.Contains(_prompt, StringComparison.Ordinal) == true)];

    /// <summary>The tracks as stored (the provider's own URLs never reach clients).</summary>
    private async Task<List<Son1kVers3.Domain.Generations.Track>> StoredTracksAsync(string generationId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var id = Seed.IdOf(generationId);
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tracks.Where(t => t.GenerationId == id).OrderBy(t => t.Position).ToListAsync();
    }

    private async Task CallbackAsync(HttpClient client, object body, string secret = SunoFake.CallbackSecret)
    {
        var response = await client.PostAsJsonAsync($"/webhooks/suno?s={secret}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SuccessByPolling_SendsTheRightSubmit_AndCompletesWithTwoTracks()
    {
        _suno.PollAnswers(_suno.Status("SUCCESS", SunoFake.PolledClip("clip-a", true), SunoFake.PolledClip("clip-b", true)));
        var (client, user, id) = await StartAsync();

        var done = await client.WaitForAsync(user.AccessToken, id, "COMPLETED");

        Assert.Equal(["https://cdn.example/clip-a.mp3", "https://cdn.example/clip-b.mp3"], (await StoredTracksAsync(id)).Select(t => t.AudioUrl));
        Assert.All(done["tracks"]!.AsArray(), t => Assert.StartsWith("https://api.son1kvers3.test/media/", t!["streamAudioUrl"]!.GetValue<string>()));
        var submit = Assert.Single(Submits()).RequestMessage;
        Assert.Equal($"Bearer {SunoFake.ApiKey}", submit.Headers!["Authorization"].Single());
        Assert.Contains("\"model\":\"V5\"", submit.Body);
        Assert.Contains("\"customMode\":false", submit.Body);
        Assert.Contains($"webhooks/suno?s={SunoFake.CallbackSecret}", submit.Body);
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
    }

    [Fact]
    public async Task SuccessByCallbacks_WhilePollsSayPending()
    {
        var (client, user, id) = await StartAsync();
        await client.WaitForAsync(user.AccessToken, id, "QUEUED");

        await CallbackAsync(client, _suno.Callback("text"));
        Assert.Equal("GENERATING", (await client.GetAsync(user.AccessToken, id))!["status"]!.GetValue<string>());
        await CallbackAsync(client, _suno.Callback("first"));
        Assert.Equal("STREAMING", (await client.GetAsync(user.AccessToken, id))!["status"]!.GetValue<string>());
        await CallbackAsync(client, _suno.Callback("complete", 200, "clip-a", "clip-b"));

        var done = await client.WaitForAsync(user.AccessToken, id, "COMPLETED");
        Assert.Equal(2, done["tracks"]!.AsArray().Count);
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
    }

    /// <summary>
    /// A callback names its generation only by the provider's task id: the generation is read by it, with its tracks and row
    /// version, in one statement, then written in one (it was three: the id looked up, then the generation read by it).
    /// </summary>
    [Fact]
    public async Task ACallback_SendsTwoCommandsToPostgreSql_TheGenerationReadByItsTaskIdAndTheWrite()
    {
        var (client, user, id) = await StartAsync();
        await client.WaitForAsync(user.AccessToken, id, "QUEUED");

        // The fewest of the callbacks that change the song: work of other test collections (and this server's worker) may
        // add commands, never remove them.
        var counts = new List<(int Count, string Statements)>();
        foreach (var (stage, status) in new[] { ("text", "GENERATING"), ("first", "STREAMING"), ("complete", "COMPLETED") })
        {
            using (var counter = new NpgsqlCommandCounter())
            {
                await CallbackAsync(client, stage == "complete" ? _suno.Callback(stage, 200, "clip-a", "clip-b") : _suno.Callback(stage));
                counts.Add((counter.Statements.Count, string.Join("\n---\n", counter.Statements)));
            }

            Assert.Equal(status, (await client.GetAsync(user.AccessToken, id))!["status"]!.GetValue<string>());
        }

        var fewest = counts.MinBy(c => c.Count);
        Assert.True(fewest.Count <= 2, $"a callback sent {fewest.Count} commands:\n{fewest.Statements}");
    }

    /// <summary>
    /// An outcome is written by one prepared statement (Sql) with a VALUES row per track. A provider reporting more clips
    /// than a song has (3 here) neither stores a third track nor adds a statement of another shape to the connections'
    /// prepared statements, so their number stays bounded.
    /// </summary>
    [Fact]
    public async Task ACallbackWithThreeClips_IsWrittenByAPreparedStatement_OfASongsTwoTrackRows()
    {
        var (client, user, id) = await StartAsync();
        await client.WaitForAsync(user.AccessToken, id, "QUEUED");
        await CallbackAsync(client, _suno.Callback("first"));
        await CallbackAsync(client, new
        {
            code = 200,
            msg = "ok",
            data = new
            {
                callbackType = "complete",
                task_id = _suno.TaskId,
                data = new[] { "clip-a", "clip-b", "clip-c" }.Select(clip => new
                {
                    id = clip,
                    audio_url = $"https://cdn.example/{clip}.mp3",
                    stream_audio_url = $"https://cdn.example/stream/{clip}",
                    image_url = $"https://cdn.example/{clip}.jpeg",
                    title = "Neon",
                    duration = 198.44,
                }).ToArray(),
            },
        });

        await client.WaitForAsync(user.AccessToken, id, "COMPLETED");
        Assert.Equal(2, (await StoredTracksAsync(id)).Count);
        var rows = (await PreparedStatements.OnServerConnectionsAsync(_server!.Services)).Where(s => s.Contains("INSERT INTO tracks", StringComparison.Ordinal))
            .Select(s => s[s.IndexOf("VALUES", StringComparison.Ordinal)..s.IndexOf(") AS t", StringComparison.Ordinal)].Split("), (").Length)
            .ToList();
        Assert.Contains(2, rows);
        Assert.All(rows, count => Assert.True(count <= 2, $"a prepared statement writes {count} tracks"));
    }

    [Fact]
    public async Task CallbacksOutOfOrderAndTwice_RacingPolls_EndAsIfEachArrivedOnceInOrder()
    {
        _suno.PollAnswers(_suno.Status("FIRST_SUCCESS", SunoFake.PolledClip("clip-a", false)));
        var (client, user, id) = await StartAsync();
        await client.WaitForAsync(user.AccessToken, id, "STREAMING");

        await Task.WhenAll(
            CallbackAsync(client, _suno.Callback("complete", 200, "clip-a", "clip-b")),
            CallbackAsync(client, _suno.Callback("complete", 200, "clip-a", "clip-b")),
            CallbackAsync(client, _suno.Callback("text")),
            CallbackAsync(client, _suno.Callback("first")));
        await CallbackAsync(client, _suno.Callback("first"));

        var done = await client.WaitForAsync(user.AccessToken, id, "COMPLETED");
        await Task.Delay(500); // polls keep answering FIRST_SUCCESS: nothing may move it back
        done = (await client.GetAsync(user.AccessToken, id))!;
        Assert.Equal("COMPLETED", done["status"]!.GetValue<string>());
        Assert.All(await StoredTracksAsync(id), t => Assert.NotNull(t.AudioUrl));
        Assert.Equal(["Reserve", "Commit"], await Seed.MovementsAsync(api, id));
    }

    [Theory]
    [InlineData(400, "refused the request")]
    [InlineData(413, "refused the request")]
    [InlineData(422, "refused the request")]
    [InlineData(401, "configuration problem")]
    [InlineData(429, "busy")]
    public async Task ASubmitRefusedForGood_Fails_AndGivesBack(int code, string message)
    {
        _suno.SubmitAnswers(code);
        var (client, user, id) = await StartAsync();

        var failed = await client.WaitForAsync(user.AccessToken, id, "FAILED");

        Assert.Contains(message, failed["failureReason"]!.GetValue<string>());
        Assert.Single(Submits());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
    }

    [Theory]
    [InlineData(405)]
    [InlineData(430)]
    [InlineData(455)]
    [InlineData(500)]
    public async Task ASubmitNotAccepted_IsRetried_AndThenGoesThrough(int code)
    {
        _suno.SubmitAnswersOnceThenAccepts(code);
        _suno.PollAnswers(_suno.Status("SUCCESS", SunoFake.PolledClip("clip-a", true), SunoFake.PolledClip("clip-b", true)));
        var (client, user, id) = await StartAsync();

        await client.WaitForAsync(user.AccessToken, id, "COMPLETED");

        Assert.Equal(2, Submits().Count);
    }

    [Fact]
    public async Task ProviderErrorsThatPersist_FailAfterTheLastAttempt()
    {
        _suno.SubmitAnswers(455);
        var (client, user, id) = await StartAsync();

        var failed = await client.WaitForAsync(user.AccessToken, id, "FAILED");

        Assert.Contains("busy", failed["failureReason"]!.GetValue<string>());
        Assert.Equal(3, Submits().Count);
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
    }

    [Fact]
    public async Task ASubmitThatTimesOut_IsNeverSentAgain()
    {
        _suno.SubmitAnswers(200, delayMs: 6000); // past SUNO_TIMEOUT_SECONDS (3 s)
        var (client, user, id) = await StartAsync();

        var failed = await client.WaitForAsync(user.AccessToken, id, "FAILED");
        await Task.Delay(3000);

        Assert.Contains("not sent again", failed["failureReason"]!.GetValue<string>());
        Assert.Single(Submits());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
    }

    [Theory]
    [InlineData("GENERATE_AUDIO_FAILED", "could not make this song")]
    [InlineData("CREATE_TASK_FAILED", "could not make this song")]
    [InlineData("CALLBACK_EXCEPTION", "could not make this song")]
    [InlineData("SENSITIVE_WORD_ERROR", "content policy")]
    public async Task AFailedTask_Fails_WithAClearReason_AndGivesBack(string status, string message)
    {
        _suno.PollAnswers(_suno.Status(status));
        var (client, user, id) = await StartAsync();

        var failed = await client.WaitForAsync(user.AccessToken, id, "FAILED");

        Assert.Contains(message, failed["failureReason"]!.GetValue<string>());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
    }

    [Fact]
    public async Task AnErrorCallback531_Fails_AndGivesBack()
    {
        var (client, user, id) = await StartAsync();
        await client.WaitForAsync(user.AccessToken, id, "QUEUED");

        await CallbackAsync(client, _suno.Callback("error", 531));

        var failed = await client.WaitForAsync(user.AccessToken, id, "FAILED");
        Assert.Contains("credits refunded", failed["failureReason"]!.GetValue<string>());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
    }

    [Fact]
    public async Task PollsAnswering5xxOrHtml_KeepPolling_UntilAnAnswer()
    {
        _suno.PollFailsWithHttp(502);
        var (client, user, id) = await StartAsync();
        await client.WaitForAsync(user.AccessToken, id, "QUEUED");
        await Task.Delay(400);

        _suno.PollAnswers(_suno.Status("SUCCESS", SunoFake.PolledClip("clip-a", true), SunoFake.PolledClip("clip-b", true)));

        await client.WaitForAsync(user.AccessToken, id, "COMPLETED");
    }

    [Fact]
    public async Task TheHardLimit_FailsAGenerationStuckForTenMinutes()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var (client, user, id) = await StartAsync(clock);
        await client.WaitForAsync(user.AccessToken, id, "QUEUED");

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));

        var failed = await client.WaitForAsync(user.AccessToken, id, "FAILED");
        Assert.Contains("within 10 minutes", failed["failureReason"]!.GetValue<string>());
        Assert.Equal(["Reserve", "Release"], await Seed.MovementsAsync(api, id));
    }

    [Fact]
    public async Task ACallbackWithTheWrongSecret_IsRefused()
    {
        var (client, _, _) = await StartAsync();

        var response = await client.PostAsJsonAsync("/webhooks/suno?s=guess", _suno.Callback("complete", 200, "clip-a", "clip-b"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ProviderUrlsThatAreNeitherHttpsNorLoopback_AreDropped_AndNeverReachClients()
    {
        _server = api.With(("SUNO_API_KEY", SunoFake.ApiKey), ("SUNO_BASE_URL", _suno.Server.Url), ("SUNO_CALLBACK_SECRET", SunoFake.CallbackSecret));
        var client = _server.CreateClient();
        var user = await client.RegisterAsync();
        var id = await Seed.SubmittedGenerationAsync(api, user.UserId, _suno.TaskId);
        static object Clip(string id, string audio, string stream, string image) =>
            new { id, audio_url = audio, stream_audio_url = stream, image_url = image, title = "Neon", duration = 198.44 };
        var callback = new
        {
            code = 200,
            msg = "ok",
            data = new
            {
                callbackType = "complete",
                task_id = _suno.TaskId,
                data = new[]
                {
                    Clip("clip-a", "https://cdn.example/clip-a.mp3", "https://cdn.example/stream/clip-a", "https://cdn.example/clip-a.jpeg"),
                    Clip("clip-b", "javascript:alert(1)", "JavaScript:alert(2)", "http://cdn.example/clip-b.jpeg"),
                },
            },
        };

        var answer = await client.PostAsJsonAsync($"/webhooks/suno?s={SunoFake.CallbackSecret}", callback);
        var read = await client.PostAsAsync(user.AccessToken, $"query($id: ID!) {{ generation(id: $id) {{ {Support.Generations.Fields} }} }}", new { id });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = read.Body!.ToJsonString();
        Assert.DoesNotContain("javascript", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://cdn.example", body);
        Assert.Equal("STREAMING", read.Data!["generation"]!["status"]!.GetValue<string>()); // take B has no playable audio
        var tracks = await StoredTracksAsync(id);
        Assert.Equal(["https://cdn.example/clip-a.mp3", null], tracks.Select(t => t.AudioUrl));
        Assert.Equal(["https://cdn.example/clip-a.jpeg", null], tracks.Select(t => t.ImageUrl));
        Assert.Null(tracks[1].StreamAudioUrl);
    }

    [Fact]
    public async Task SimulatorMedia_IsNotServed_WhenARealProviderIsConfigured()
    {
        var (client, _, _) = await StartAsync();

        var audio = await client.GetAsync("/simulator/audio/sim-1-abc-a.wav");
        var cover = await client.GetAsync("/simulator/cover/sim-1-abc-a.svg");

        Assert.Equal(HttpStatusCode.NotFound, audio.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cover.StatusCode);
    }
}
