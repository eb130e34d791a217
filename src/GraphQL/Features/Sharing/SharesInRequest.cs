namespace Son1kVers3.GraphQL.Features.Sharing;

/// <summary>
/// The generations this request reached through a public share, with the share's watermark flag:
/// their tracks are shown to anyone, but only as (watermarked, when the share is) listening links.
/// </summary>
public sealed class SharesInRequest
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _watermarked = new();

    public void Add(Guid generationId, bool watermarked) => _watermarked.AddOrUpdate(generationId, watermarked, (_, before) => before || watermarked);

    public bool? WatermarkedOf(Guid generationId) => _watermarked.TryGetValue(generationId, out var watermarked) ? watermarked : null;
}
