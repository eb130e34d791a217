using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>A WireMock fake of the Suno task API (SUNO.md shapes: HTTP 200 with the meaning in the body's code).</summary>
public sealed class SunoFake : IDisposable
{
    public const string ApiKey = "test-suno-key";
    public const string CallbackSecret = "callback-secret-123";
    private readonly Guid _submitMapping = Guid.NewGuid();
    private readonly Guid _pollMapping = Guid.NewGuid();

    public SunoFake()
    {
        TaskId = "task-" + Guid.NewGuid().ToString("N")[..10];
        SubmitAnswers(200);
        PollAnswers(Status("PENDING"));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();
    public string TaskId { get; }

    public (string Key, string? Value)[] Settings =>
    [
        .. Generations.FastWorker,
        ("SUNO_API_KEY", "Bearer " + ApiKey), ("SUNO_BASE_URL", Server.Url), ("SUNO_TIMEOUT_SECONDS", "3"),
        ("PUBLIC_URL", "https://api.son1kvers3.test"), ("SUNO_CALLBACK_SECRET", CallbackSecret),
        ("GENERATION_MAX_SUBMIT_ATTEMPTS", "3"),
    ];

    /// <summary>The submit endpoint answers this body code (200: accepted with <see cref="TaskId"/>).</summary>
    public void SubmitAnswers(int code, int delayMs = 0)
    {
        object body = code == 200
            ? new { code, msg = "success", data = new { taskId = TaskId } }
            : new { code, msg = $"error {code}", data = (object?)null };
        var response = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(body);
        if (delayMs > 0)
        {
            response = response.WithDelay(delayMs);
        }

        Server.Given(Request.Create().WithPath("/api/v1/generate").UsingPost()).WithGuid(_submitMapping).RespondWith(response);
    }

    /// <summary>The submit endpoint answers <paramref name="firstCode"/> once, then accepts.</summary>
    public void SubmitAnswersOnceThenAccepts(int firstCode)
    {
        Server.Given(Request.Create().WithPath("/api/v1/generate").UsingPost()).WithGuid(_submitMapping)
            .InScenario("submit").WillSetStateTo("accepting")
            .RespondWith(Json(new { code = firstCode, msg = $"error {firstCode}" }));
        Server.Given(Request.Create().WithPath("/api/v1/generate").UsingPost())
            .InScenario("submit").WhenStateIs("accepting")
            .RespondWith(Json(new { code = 200, msg = "success", data = new { taskId = TaskId } }));
    }

    public void PollAnswers(object body) =>
        Server.Given(Request.Create().WithPath("/api/v1/generate/record-info").UsingGet().WithParam("taskId", TaskId)).WithGuid(_pollMapping)
            .RespondWith(Json(body));

    public void PollFailsWithHttp(int status) =>
        Server.Given(Request.Create().WithPath("/api/v1/generate/record-info").UsingGet()).WithGuid(_pollMapping)
            .RespondWith(Response.Create().WithStatusCode(status).WithBody("<html>Bad gateway</html>"));

    public object Status(string status, params object[] clips) => new
    {
        code = 200,
        msg = "success",
        data = new { taskId = TaskId, status, response = new { taskId = TaskId, sunoData = clips }, errorCode = (string?)null, errorMessage = status.Contains("FAIL") || status.Contains("ERROR") ? "it broke" : null },
    };

    public static object PolledClip(string id, bool complete) => new
    {
        id,
        audioUrl = complete ? $"https://cdn.example/{id}.mp3" : "",
        streamAudioUrl = $"https://cdn.example/stream/{id}",
        imageUrl = $"https://cdn.example/{id}.jpeg",
        prompt = "[Verse] neon lights",
        modelName = "chirp-crow",
        title = "Neon",
        tags = "synthwave",
        createTime = "2025-01-01 00:00:00",
        duration = complete ? 198.44 : 0,
    };

    /// <summary>A callback body, in the provider's snake_case.</summary>
    public object Callback(string type, int code = 200, params string[] completeClips) => new
    {
        code,
        msg = type == "error" ? "Generation failed" : "ok",
        data = new
        {
            callbackType = type,
            task_id = TaskId,
            data = type is "text" or "error" ? [] : new[] { "clip-a", "clip-b" }.Select(id => (object)new
            {
                id,
                audio_url = completeClips.Contains(id) ? $"https://cdn.example/{id}.mp3" : "",
                stream_audio_url = $"https://cdn.example/stream/{id}",
                image_url = $"https://cdn.example/{id}.jpeg",
                prompt = "[Verse] neon lights",
                model_name = "chirp-crow",
                title = "Neon",
                tags = "synthwave",
                createTime = "2025-01-01 00:00:00",
                duration = completeClips.Contains(id) ? 198.44 : 0,
            }).ToArray(),
        },
    };

    public IReadOnlyList<WireMock.Logging.ILogEntry> Submits() =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == "/api/v1/generate" && e.RequestMessage.Method == "POST").ToList();

    public void Dispose() => Server.Stop();

    private static IResponseBuilder Json(object body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBodyAsJson(body);
}
