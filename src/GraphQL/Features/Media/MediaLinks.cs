using Son1kVers3.Application.Media;
using Son1kVers3.GraphQL.Hosting;

namespace Son1kVers3.GraphQL.Features.Media;

/// <summary>Absolute, signed, expiring /media links of this server.</summary>
public sealed class MediaLinks(MediaTokens tokens, HostSettings host, IHttpContextAccessor http)
{
    public string ForToken(string token) => $"{PublicOrigin.Of(host, http.HttpContext)}{MediaEndpoint.Path}/{token}";

    public string Download(Guid trackId) => ForToken(tokens.Sign(trackId, MediaUse.Download));

    /// <summary>A link to the user's data export, and when it stops working.</summary>
    public DataExportLink DataExport(Guid userId)
    {
        var grant = tokens.Grant(userId, MediaUse.DataExport);
        return new DataExportLink(ForToken(tokens.Sign(grant)), grant.ExpiresAt);
    }

    public string Stream(Guid trackId, bool watermarked) => ForToken(tokens.Sign(trackId, watermarked ? MediaUse.WatermarkedStream : MediaUse.Stream));
}

public sealed record DataExportLink(string Url, DateTimeOffset ExpiresAt);
