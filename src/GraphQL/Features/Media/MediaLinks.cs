using Son1kVers3.Application.Media;
using Son1kVers3.GraphQL.Hosting;

namespace Son1kVers3.GraphQL.Features.Media;

/// <summary>Absolute, signed, expiring /media links of this server.</summary>
public sealed class MediaLinks(MediaTokens tokens, HostSettings host, IHttpContextAccessor http)
{
    public string ForToken(string token) => $"{PublicOrigin.Of(host, http.HttpContext)}{MediaEndpoint.Path}/{token}";

    public string Download(Guid trackId) => ForToken(tokens.Sign(trackId, MediaUse.Download));

    public string Stream(Guid trackId, bool watermarked) => ForToken(tokens.Sign(trackId, watermarked ? MediaUse.WatermarkedStream : MediaUse.Stream));
}
