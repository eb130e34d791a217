namespace Son1kVers3.Domain.Generations;

/// <summary>How far the provider says a task is: one of its stages, with whatever tracks it knows.</summary>
public enum ProviderStage
{
    Pending,
    TextReady,
    FirstReady,
    Complete,
    Failed,
}

/// <summary>One clip as the provider describes it; any field may still be missing.</summary>
public sealed record ProviderTrack(
    string ClipId, string? Title, string? AudioUrl, string? StreamAudioUrl, string? ImageUrl, double? DurationSeconds, string? Lyrics);

/// <summary>A report from the provider (a poll answer or a callback). Reports may repeat or arrive out of order.</summary>
public sealed record ProviderUpdate(ProviderStage Stage, IReadOnlyList<ProviderTrack> Tracks, string? FailureReason = null)
{
    public GenerationStatus Status => Stage switch
    {
        ProviderStage.Pending => GenerationStatus.Queued,
        ProviderStage.TextReady => GenerationStatus.Generating,
        ProviderStage.FirstReady => GenerationStatus.Streaming,
        ProviderStage.Complete => GenerationStatus.Completed,
        _ => GenerationStatus.Failed,
    };
}
