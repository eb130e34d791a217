using GraphQL.Types;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Sharing;
using Son1kVers3.GraphQL.Features.Generations;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Sharing;

public sealed record ShareLink(Share Share, string Url);

public sealed record DownloadTrackInput(string TrackId);

public sealed class DownloadTrackInputType : InputObjectGraphType<DownloadTrackInput>
{
    public DownloadTrackInputType()
    {
        Name = "DownloadTrackInput";
        Field<NonNullGraphType<IdGraphType>>("trackId");
    }
}

public sealed class DownloadTrackPayloadType : ObjectGraphType<Payload<string>>
{
    public DownloadTrackPayloadType()
    {
        Name = "DownloadTrackPayload";
        Field<StringGraphType>("url").Description("A signed link of this server to the original file; it expires (MEDIA_DOWNLOAD_URL_MINUTES).").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed record ShareGenerationInput(string GenerationId);

public sealed class ShareGenerationInputType : InputObjectGraphType<ShareGenerationInput>
{
    public ShareGenerationInputType()
    {
        Name = "ShareGenerationInput";
        Field<NonNullGraphType<IdGraphType>>("generationId");
    }
}

public sealed class ShareGenerationPayloadType : ObjectGraphType<Payload<ShareLink>>
{
    public ShareGenerationPayloadType()
    {
        Name = "ShareGenerationPayload";
        Field<StringGraphType>("slug").Resolve(c => c.Source.Value?.Share.Slug);
        Field<StringGraphType>("url").Description("The public page of the share.").Resolve(c => c.Source.Value?.Url);
        Field<BooleanGraphType>("watermarked").Description("FREE-tier shares are watermarked.").Resolve(c => c.Source.Value?.Share.Watermarked);
        this.AddErrorsField();
    }
}

public sealed class SharedGenerationType : ObjectGraphType<(Share Share, Generation Generation)>
{
    public SharedGenerationType()
    {
        Name = "SharedGeneration";
        Description = "A public share: the generation and nothing else of its owner.";
        Field<NonNullGraphType<StringGraphType>>("slug").Resolve(c => c.Source.Share.Slug);
        Field<NonNullGraphType<BooleanGraphType>>("watermarked").Resolve(c => c.Source.Share.Watermarked);
        Field<NonNullGraphType<GenerationType>>("generation").Resolve(c => c.Source.Generation);
    }
}
