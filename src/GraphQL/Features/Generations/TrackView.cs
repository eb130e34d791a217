using GraphQL;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Sharing;

namespace Son1kVers3.GraphQL.Features.Generations;

/// <summary>
/// What a reader may do with a generation's audio: its owner (or an admin) listens (watermarked on
/// plans whose shares are) and sees download links of what they downloaded today; a share reader
/// only listens, watermarked when the share is; anyone else gets no audio link.
/// </summary>
public sealed record TrackAccess(Guid? Reader, bool Owner, bool Listen, bool Watermarked)
{
    private static readonly TrackAccess NoAudio = new(null, false, false, true);

    public static async Task<TrackAccess> ForAsync(IResolveFieldContext context, Generation generation)
    {
        var viewer = await context.CurrentUserAsync();
        if (viewer is not null && (viewer.Id == generation.UserId || viewer.Role == Role.Admin))
        {
            return new TrackAccess(viewer.Id, viewer.Id == generation.UserId, true, viewer.Plan.WatermarkedShares);
        }

        return context.Service<SharesInRequest>().WatermarkedOf(generation.Id) is { } watermarked
            ? new TrackAccess(viewer?.Id, false, true, watermarked)
            : NoAudio;
    }
}

/// <summary>A track as one reader may see it.</summary>
public sealed record TrackView(Track Track, TrackAccess Access, bool DownloadedToday)
{
    public bool MayDownload => Access.Owner && DownloadedToday && Track.AudioUrl is not null;

    public bool MayListen => Access.Listen && (Track.AudioUrl ?? Track.StreamAudioUrl) is not null;
}
