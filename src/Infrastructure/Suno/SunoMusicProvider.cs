using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Infrastructure.Suno;

/// <summary>The Suno task API (SUNO.md): the meaning is in the body's code, not the HTTP status.</summary>
internal sealed class SunoMusicProvider(HttpClient http, SunoSettings settings, ILogger<SunoMusicProvider> logger) : IMusicProvider
{
    public async Task<SubmitResult> SubmitAsync(GenerationRequest request, CancellationToken ct)
    {
        var body = new
        {
            customMode = request.CustomMode,
            instrumental = request.Instrumental,
            model = settings.ModelNames[request.Model],
            prompt = request.Prompt ?? "",
            style = request.Style ?? "",
            title = request.Title ?? "",
            callBackUrl = settings.CallbackUrl,
        };
        using var message = Request(HttpMethod.Post, "/api/v1/generate");
        message.Content = JsonContent.Create(body);
        JsonElement answer;
        try
        {
            using var response = await http.SendAsync(message, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            using var json = JsonDocument.Parse(text);
            answer = json.RootElement.Clone();
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound })
        {
            return new SubmitResult.TryLater("the music service could not be reached"); // nothing was sent
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return new SubmitResult.Unknown(ex.Message); // it may have been received: never resend
        }

        var msg = SunoResponses.Text(answer, "msg") ?? "no message";
        switch (SunoResponses.Code(answer))
        {
            case 200 when answer.TryGetProperty("data", out var data) && SunoResponses.Text(data, "taskId") is { } taskId:
                return new SubmitResult.Accepted(taskId);
            case 400 or 413 or 422:
                return new SubmitResult.Refused($"The music service refused the request: {msg}. Your quota and token were given back.");
            case 401:
                logger.LogError("Suno rejected the API key (SUNO_API_KEY): {Message}", msg);
                return new SubmitResult.Refused("The music service is unavailable because of a configuration problem; the team has been alerted. Your quota and token were given back.");
            case 405 or 430:
                return new SubmitResult.TryLater($"rate limited: {msg}");
            case 429:
                logger.LogError("Suno is out of credits: {Message}", msg);
                return new SubmitResult.Refused("The music service is busy right now. Your quota and token were given back; try again later.");
            case 455 or 500:
                return new SubmitResult.TryLater($"maintenance or provider error: {msg}");
            default:
                return new SubmitResult.Unknown($"unexpected answer {SunoResponses.Code(answer)}: {msg}");
        }
    }

    public async Task<PollResult> GetStatusAsync(string taskId, CancellationToken ct)
    {
        using var message = Request(HttpMethod.Get, $"/api/v1/generate/record-info?taskId={Uri.EscapeDataString(taskId)}");
        try
        {
            using var response = await http.SendAsync(message, ct);
            if ((int)response.StatusCode >= 500)
            {
                return new PollResult.KeepPolling($"HTTP {(int)response.StatusCode}");
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var body = json.RootElement;
            if (SunoResponses.Code(body) != 200 || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return new PollResult.KeepPolling($"code {SunoResponses.Code(body)}: {SunoResponses.Text(body, "msg")}");
            }

            var status = SunoResponses.Text(data, "status");
            if (SunoResponses.StageOf(status) is not { } stage)
            {
                return new PollResult.KeepPolling($"unknown status {status}");
            }

            var clips = data.TryGetProperty("response", out var r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("sunoData", out var list)
                ? SunoResponses.Tracks(list)
                : [];
            var reason = stage == ProviderStage.Failed ? SunoResponses.FailureReason(status, SunoResponses.Text(data, "errorMessage")) : null;
            return new PollResult.Report(new ProviderUpdate(stage, clips, reason));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return new PollResult.KeepPolling(ex.Message);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var message = new HttpRequestMessage(method, new Uri(settings.BaseUrl, path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        return message;
    }
}
