using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// A WireMock fake of the Suno task API that gives every submitted prompt a task of its own
/// ("task-" + the prompt) and answers every call after a delay: submits are accepted, polls
/// report the task finished with two clips (or another status, see <see cref="PollAnswers"/>).
/// </summary>
public sealed class SlowSunoFake : IDisposable
{
    public SlowSunoFake(int submitDelayMs, int pollDelayMs)
    {
        Server.Given(Request.Create().WithPath("/api/v1/generate").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBodyAsJson(new { code = 200, msg = "success", data = new { taskId = "task-{{request.bodyAsJson.prompt}}" } })
                .WithTransformer().WithDelay(Math.Max(1, submitDelayMs)));
        PollAnswers("SUCCESS", pollDelayMs);
    }

    /// <summary>From now on, polls answer this status (SUCCESS: with two finished clips) after the delay.</summary>
    public void PollAnswers(string status, int delayMs) =>
        Server.Given(Request.Create().WithPath("/api/v1/generate/record-info").UsingGet()).WithGuid(_pollMapping)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(PollBody(status))
                .WithTransformer().WithDelay(Math.Max(1, delayMs)));

    private readonly Guid _pollMapping = Guid.NewGuid();

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>The server settings for this fake (a provider timeout well above its delays).</summary>
    public (string Key, string Value)[] Settings =>
    [
        ("SUNO_API_KEY", "Bearer " + SunoFake.ApiKey), ("SUNO_BASE_URL", Server.Url!), ("SUNO_TIMEOUT_SECONDS", "30"),
        ("SUNO_CALLBACK_SECRET", SunoFake.CallbackSecret),
    ];

    /// <summary>The prompt of every submit the provider received, in order.</summary>
    public IReadOnlyList<string> SubmittedPrompts() =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == "/api/v1/generate" && e.RequestMessage.Method == "POST")
            .Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("prompt").GetString()!)
            .ToList();

    public void Dispose() => Server.Stop();

    /// <summary>A task in this status, finished with two clips on SUCCESS (the template as text: JSON numbers stay numbers).</summary>
    private static string PollBody(string status) => JsonSerializer.Serialize(new
    {
        code = 200,
        msg = "success",
        data = new
        {
            taskId = "{{request.query.taskId}}",
            status,
            response = new { taskId = "{{request.query.taskId}}", sunoData = status == "SUCCESS" ? new[] { Clip("a"), Clip("b") } : [] },
            errorMessage = status.Contains("FAILED", StringComparison.Ordinal) ? "it broke" : null,
        },
    });

    private static object Clip(string suffix) => new
    {
        id = "{{request.query.taskId}}-" + suffix,
        audioUrl = "https://cdn.example/{{request.query.taskId}}-" + suffix + ".mp3",
        streamAudioUrl = "https://cdn.example/stream/{{request.query.taskId}}-" + suffix,
        imageUrl = "https://cdn.example/{{request.query.taskId}}-" + suffix + ".jpeg",
        prompt = "[Verse] slow but sure",
        modelName = "chirp-crow",
        title = "Slow",
        tags = "synthwave",
        createTime = "2025-01-01 00:00:00",
        duration = 180.5,
    };
}
