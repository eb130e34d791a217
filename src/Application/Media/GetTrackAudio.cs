using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Media;

/// <summary>The audio a /media grant allows, fetched server-side; watermarked when the grant says so.</summary>
public sealed record TrackAudio(byte[] Content, string ContentType, string FileName);

public sealed class GetTrackAudio(IAppDbContext db, IAudioFiles files, MediaSettings settings)
{
    public async Task<Result<TrackAudio>> HandleAsync(MediaGrant grant, CancellationToken ct)
    {
        var track = await db.Tracks.AsNoTracking().Where(t => t.Id == grant.SubjectId)
            .Select(t => new { t.AudioUrl, t.StreamAudioUrl, t.Title }).SingleOrDefaultAsync(ct);
        var source = grant.Use == MediaUse.Download ? track?.AudioUrl : track?.AudioUrl ?? track?.StreamAudioUrl;
        if (source is null)
        {
            return new Error(ErrorCodes.NotFound, "This track has no audio (any more).");
        }

        var file = await files.FetchAsync(source, ct);
        if (!file.IsSuccess)
        {
            return file.Error!;
        }

        var content = grant.Use == MediaUse.WatermarkedStream ? AudioWatermark.Apply(file.Value.Content, settings.WatermarkInterval) : file.Value.Content;
        return new TrackAudio(content, file.Value.ContentType, FileName(track!.Title, file.Value.ContentType));
    }

    private static string FileName(string? title, string contentType)
    {
        var name = new string((title ?? "track").Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Trim();
        var extension = contentType switch
        {
            "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
            "audio/mpeg" => "mp3",
            _ => "audio",
        };
        return $"{(name.Length == 0 ? "track" : name[..Math.Min(name.Length, 80)])}.{extension}";
    }
}
