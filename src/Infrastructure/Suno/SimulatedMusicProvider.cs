using System.Globalization;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Infrastructure.Suno;

/// <summary>
/// The embedded provider used when no SUNO_API_KEY is set: the same stages as Suno on a timeline
/// (SIMULATOR_STAGE_MS each), with real audio and covers served by this server. The task id
/// carries its start time, so any instance, before or after a restart, answers the same.
/// A prompt containing "[fail]" fails after the lyrics stage, for trying the failure path.
/// </summary>
internal sealed class SimulatedMusicProvider(SunoSettings settings, TimeProvider clock) : IMusicProvider
{
    public Task<SubmitResult> SubmitAsync(GenerationRequest request, CancellationToken ct)
    {
        var fails = $"{request.Prompt} {request.Style} {request.Title}".Contains("[fail]", StringComparison.OrdinalIgnoreCase);
        var taskId = $"sim{(fails ? "fail" : "")}-{clock.GetUtcNow().ToUnixTimeMilliseconds()}-{Guid.NewGuid().ToString("N")[..8]}";
        return Task.FromResult<SubmitResult>(new SubmitResult.Accepted(taskId));
    }

    public Task<PollResult> GetStatusAsync(string taskId, CancellationToken ct)
    {
        var parts = taskId.Split('-');
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var startedMs))
        {
            return Task.FromResult<PollResult>(new PollResult.KeepPolling("unknown simulator task"));
        }

        var stage = (int)((clock.GetUtcNow().ToUnixTimeMilliseconds() - startedMs) / settings.SimulatorStage.TotalMilliseconds);
        var update = parts[0] == "simfail" && stage >= 2
            ? new ProviderUpdate(ProviderStage.Failed, [], SunoResponses.FailureReason("GENERATE_AUDIO_FAILED", "simulated failure"))
            : stage switch
            {
                0 => new ProviderUpdate(ProviderStage.Pending, []),
                1 => new ProviderUpdate(ProviderStage.TextReady, [Clip(taskId, "a", 0), Clip(taskId, "b", 0)]),
                2 => new ProviderUpdate(ProviderStage.FirstReady, [Clip(taskId, "a", 1), Clip(taskId, "b", 0)]),
                _ => new ProviderUpdate(ProviderStage.Complete, [Clip(taskId, "a", 2), Clip(taskId, "b", 2)]),
            };
        return Task.FromResult<PollResult>(new PollResult.Report(update));
    }

    /// <summary>A clip at a level of readiness: 0 lyrics only, 1 streamable, 2 complete.</summary>
    private ProviderTrack Clip(string taskId, string suffix, int readiness)
    {
        var clipId = $"{taskId}-{suffix}";
        var audio = new Uri(settings.SelfUrl, $"/simulator/audio/{clipId}.wav").ToString();
        return new ProviderTrack(
            clipId,
            $"Simulated take {suffix.ToUpperInvariant()}",
            readiness >= 2 ? audio : null,
            readiness >= 1 ? audio : null,
            new Uri(settings.SelfUrl, $"/simulator/cover/{clipId}.svg").ToString(),
            readiness >= 2 ? SimulatedMedia.DurationSeconds : null,
            "[Verse]\nSimulated lyrics for a simulated song\n[Chorus]\nLa la la");
    }
}
