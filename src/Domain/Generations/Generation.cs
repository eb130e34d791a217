namespace Son1kVers3.Domain.Generations;

/// <summary>
/// One request for music and its life with the provider. State only moves forward: a late,
/// repeated or out-of-order report never takes it back, and a terminal state is final.
/// </summary>
public sealed class Generation
{
    public const int TracksPerGeneration = 2;

    private readonly List<Track> _tracks = [];

    private Generation()
    {
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public MusicModel Model { get; private set; }
    public bool CustomMode { get; private set; }
    public string? Prompt { get; private set; }
    public string? Style { get; private set; }
    public string? Title { get; private set; }
    public bool Instrumental { get; private set; }
    public string? IdempotencyKey { get; private set; }
    public Guid ReservationId { get; private set; }
    public GenerationStatus Status { get; private set; }
    public string? ProviderTaskId { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public IReadOnlyList<Track> Tracks => _tracks;

    /// <summary>What was asked for, as sent to the provider.</summary>
    public GenerationRequest Request => new(Model, CustomMode, Prompt, Style, Title, Instrumental);

    public static Generation Start(Guid id, Guid userId, GenerationRequest request, Guid reservationId, string? idempotencyKey, DateTimeOffset now) => new()
    {
        Id = id,
        UserId = userId,
        Model = request.Model,
        CustomMode = request.CustomMode,
        Prompt = request.Prompt,
        Style = request.Style,
        Title = request.Title,
        Instrumental = request.Instrumental,
        IdempotencyKey = idempotencyKey,
        ReservationId = reservationId,
        Status = GenerationStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The provider accepted the task.</summary>
    public bool MarkSubmitted(string providerTaskId, DateTimeOffset now)
    {
        if (Status != GenerationStatus.Pending)
        {
            return false;
        }

        ProviderTaskId = providerTaskId;
        SubmittedAt = now;
        return MoveTo(GenerationStatus.Queued, now);
    }

    /// <summary>
    /// Whether the report could change this generation, as it is now or as it may have moved on since (state only moves
    /// forward): false only for a report without tracks, not a failure and not completion, whose status this generation
    /// has already reached. A worker's poll that brings no news only reschedules its job, without a transaction.
    /// </summary>
    public bool CouldChange(ProviderUpdate update) =>
        !Status.IsTerminal()
        && (update.Stage is ProviderStage.Failed or ProviderStage.Complete || update.Tracks.Count > 0 || update.Status.Rank() > Status.Rank());

    /// <summary>Applies a provider report; true when anything a client can see changed.</summary>
    public bool Apply(ProviderUpdate update, DateTimeOffset now)
    {
        if (Status.IsTerminal())
        {
            return false;
        }

        if (update.Stage == ProviderStage.Failed)
        {
            return Fail(update.FailureReason ?? "The provider could not make this song.", now);
        }

        var changed = MergeTracks(update.Tracks, now);
        var target = update.Status;
        if (target == GenerationStatus.Completed && (_tracks.Count < TracksPerGeneration || !_tracks.All(t => t.IsComplete)))
        {
            target = GenerationStatus.Streaming; // "complete" without both playable tracks is not complete yet
        }

        changed |= MoveTo(target, now);
        if (changed)
        {
            UpdatedAt = now;
        }

        return changed;
    }

    public bool Fail(string reason, DateTimeOffset now)
    {
        if (Status.IsTerminal())
        {
            return false;
        }

        FailureReason = reason;
        Status = GenerationStatus.Failed;
        UpdatedAt = now;
        return true;
    }

    private bool MoveTo(GenerationStatus status, DateTimeOffset now)
    {
        if (status.Rank() <= Status.Rank())
        {
            return false;
        }

        Status = status;
        UpdatedAt = now;
        return true;
    }

    private bool MergeTracks(IReadOnlyList<ProviderTrack> reports, DateTimeOffset now)
    {
        var changed = false;
        foreach (var report in reports)
        {
            var track = _tracks.FirstOrDefault(t => t.ProviderClipId == report.ClipId);
            if (track is not null)
            {
                changed |= track.Merge(report);
            }
            else if (_tracks.Count < TracksPerGeneration)
            {
                _tracks.Add(Track.From(Id, _tracks.Count, report, now));
                changed = true;
            }
        }

        return changed;
    }
}
