using System.Text.Json.Nodes;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>Creates and watches generations through the real API.</summary>
public static class Generations
{
    public const string Fields = "id status model prompt failureReason tracks { id title audioUrl streamAudioUrl imageUrl durationSeconds lyrics }";

    /// <summary>Fast settings: the worker on, short polls, a simulator stage of 150 ms.</summary>
    public static readonly (string Key, string? Value)[] FastWorker =
    [
        ("GENERATION_WORKER_ENABLED", "true"), ("GENERATION_WORKER_IDLE_MS", "50"),
        ("GENERATION_FIRST_POLL_MS", "50"), ("GENERATION_POLL_INTERVAL_MS", "50"), ("GENERATION_MAX_POLL_INTERVAL_MS", "100"),
        ("SIMULATOR_STAGE_MS", "150"),
    ];

    public static async Task<GraphQLResponse> CreateAsync(this HttpClient client, string token, object input) =>
        await client.PostAsAsync(token, $"mutation($input: CreateGenerationInput!) {{ createGeneration(input: $input) {{ generation {{ {Fields} }} errors {{ code message }} }} }}", new { input });

    public static async Task<JsonNode> CreateOkAsync(this HttpClient client, string token, object input)
    {
        var response = await client.CreateAsync(token, input);
        var payload = response.Data?["createGeneration"];
        Assert.True(payload?["errors"]?.AsArray().Count == 0, response.Body?.ToJsonString());
        return payload!["generation"]!;
    }

    public static async Task<JsonNode?> GetAsync(this HttpClient client, string token, string id) =>
        (await client.PostAsAsync(token, $"query($id: ID!) {{ generation(id: $id) {{ {Fields} }} }}", new { id })) is var r && r.Errors is { Count: > 0 } ? throw new InvalidOperationException(r.Body!.ToJsonString()) : r.Data?["generation"];

    /// <summary>Polls generation(id) until it reaches the status (or any terminal one), within the timeout.</summary>
    public static async Task<JsonNode> WaitForAsync(this HttpClient client, string token, string id, string status, int seconds = 20)
    {
        var generation = await client.WaitUntilAsync(token, id, current => current == status, seconds);
        var reached = generation?["status"]?.GetValue<string>();
        Assert.True(reached == status, $"expected {status}, got {reached}: {generation?.ToJsonString()}");
        return generation!;
    }

    /// <summary>Polls generation(id) until it is COMPLETED, FAILED or CANCELLED, and fails the test if it is not within the timeout.</summary>
    public static async Task<JsonNode> WaitForTerminalAsync(this HttpClient client, string token, string id, int seconds = 20)
    {
        var generation = await client.WaitUntilAsync(token, id, _ => false, seconds);
        Assert.True(generation?["status"]?.GetValue<string>() is "COMPLETED" or "FAILED" or "CANCELLED", $"generation {id} is still {generation?["status"]} after {seconds} s");
        return generation!;
    }

    private static async Task<JsonNode?> WaitUntilAsync(this HttpClient client, string token, string id, Func<string?, bool> reached, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonNode? generation = null;
        while (DateTime.UtcNow < deadline)
        {
            generation = await client.GetAsync(token, id);
            var current = generation?["status"]?.GetValue<string>();
            if (reached(current) || current is "COMPLETED" or "FAILED" or "CANCELLED")
            {
                break;
            }

            await Task.Delay(150);
        }

        return generation;
    }
}
