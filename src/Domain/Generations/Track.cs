namespace Son1kVers3.Domain.Generations;

/// <summary>One of the two tracks a generation yields. Fields fill in as the provider reports them.</summary>
public sealed class Track
{
    private Track()
    {
        ProviderClipId = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid GenerationId { get; private set; }
    public int Position { get; private set; }
    public string ProviderClipId { get; private set; }
    public string? Title { get; private set; }
    public string? AudioUrl { get; private set; }
    public string? StreamAudioUrl { get; private set; }
    public string? ImageUrl { get; private set; }
    public double? DurationSeconds { get; private set; }
    public string? Lyrics { get; private set; }

    public bool IsComplete => AudioUrl is not null && DurationSeconds is not null;

    internal static Track From(Guid generationId, int position, ProviderTrack report, DateTimeOffset now)
    {
        var track = new Track { Id = Guid.CreateVersion7(now), GenerationId = generationId, Position = position, ProviderClipId = report.ClipId };
        track.Merge(report);
        return track;
    }

    /// <summary>Takes what the report knows; never erases what an earlier report said.</summary>
    internal bool Merge(ProviderTrack report)
    {
        var before = (Title, AudioUrl, StreamAudioUrl, ImageUrl, DurationSeconds, Lyrics);
        Title = report.Title ?? Title;
        AudioUrl = report.AudioUrl ?? AudioUrl;
        StreamAudioUrl = report.StreamAudioUrl ?? StreamAudioUrl;
        ImageUrl = report.ImageUrl ?? ImageUrl;
        DurationSeconds = report.DurationSeconds ?? DurationSeconds;
        Lyrics = report.Lyrics ?? Lyrics;
        return before != (Title, AudioUrl, StreamAudioUrl, ImageUrl, DurationSeconds, Lyrics);
    }
}
