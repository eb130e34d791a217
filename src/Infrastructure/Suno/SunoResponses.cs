using System.Text.Json;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.Media;

namespace Son1kVers3.Infrastructure.Suno;

/// <summary>Reads the provider's answers and callbacks (camelCase when polled, snake_case in callbacks).</summary>
internal static class SunoResponses
{
    public const string ContentPolicyMessage = "The lyrics or description break the music service's content policy. Change them and try again; your quota and token were given back.";

    public static ProviderStage? StageOf(string? status) => status switch
    {
        "PENDING" => ProviderStage.Pending,
        "TEXT_SUCCESS" => ProviderStage.TextReady,
        "FIRST_SUCCESS" => ProviderStage.FirstReady,
        "SUCCESS" => ProviderStage.Complete,
        "CREATE_TASK_FAILED" or "GENERATE_AUDIO_FAILED" or "CALLBACK_EXCEPTION" or "SENSITIVE_WORD_ERROR" => ProviderStage.Failed,
        _ => null,
    };

    public static string FailureReason(string? status, string? message) => status == "SENSITIVE_WORD_ERROR"
        ? ContentPolicyMessage
        : $"The music service could not make this song ({(string.IsNullOrWhiteSpace(message) ? status : message)}). Your quota and token were given back.";

    /// <summary>One clip, from either naming style.</summary>
    public static ProviderTrack? Track(JsonElement clip)
    {
        if (Text(clip, "id") is not { } id)
        {
            return null;
        }

        return new ProviderTrack(
            id,
            Text(clip, "title"),
            Url(clip, "audioUrl", "audio_url"),
            Url(clip, "streamAudioUrl", "stream_audio_url"),
            Url(clip, "imageUrl", "image_url"),
            clip.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number && d.GetDouble() > 0 ? d.GetDouble() : null,
            Text(clip, "prompt"));
    }

    /// <summary>A URL of the clip, in either naming style, kept only when safe to hand out and fetch (<see cref="MediaUrl"/>).</summary>
    private static string? Url(JsonElement clip, string camel, string snake) =>
        MediaUrl.KeepIfSafe(Text(clip, camel) ?? Text(clip, snake));

    public static IReadOnlyList<ProviderTrack> Tracks(JsonElement clips) =>
        clips.ValueKind == JsonValueKind.Array ? clips.EnumerateArray().Select(Track).OfType<ProviderTrack>().ToList() : [];

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public static int? Code(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null;

    /// <summary>A callback: its task id and what it reports, or null when it is not one.</summary>
    public static (string TaskId, ProviderUpdate Update)? Callback(JsonElement body)
    {
        if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object || Text(data, "task_id") is not { } taskId)
        {
            return null;
        }

        var clips = data.TryGetProperty("data", out var list) ? Tracks(list) : [];
        var message = Text(body, "msg");
        ProviderUpdate? update = Text(data, "callbackType") switch
        {
            "text" => new ProviderUpdate(ProviderStage.TextReady, clips),
            "first" => new ProviderUpdate(ProviderStage.FirstReady, clips),
            "complete" => new ProviderUpdate(ProviderStage.Complete, clips),
            "error" => new ProviderUpdate(ProviderStage.Failed, clips, Code(body) == 531
                ? $"The music service could not make this song (failed, credits refunded: {message}). Your quota and token were given back."
                : FailureReason("error", message)),
            _ => null,
        };
        return update is null ? null : (taskId, update);
    }
}
