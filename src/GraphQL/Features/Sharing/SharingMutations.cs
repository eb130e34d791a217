using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Sharing;
using Son1kVers3.Domain.Sharing;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Generations;
using Son1kVers3.GraphQL.Features.Media;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Sharing;

public static class SharingMutations
{
    public static void AddSharingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DownloadTrackPayloadType>>("downloadTrack")
            .Description("A signed link of this server to the original file of a COMPLETED track, valid MEDIA_DOWNLOAD_URL_MINUTES; counts against the daily download quota (the same track again the same day is free).")
            .Argument<NonNullGraphType<DownloadTrackInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var trackId = GlobalId.Decode(c.Input<DownloadTrackInput>().TrackId, TrackType.TypeName, "trackId");
                if (trackId.Error is { } notATrack)
                {
                    return Payload<string>.Failed(notATrack);
                }

                var user = await c.SignedInUserAsync();
                var token = await c.Service<DownloadTrack>().HandleAsync(new DownloadTrackCommand(user.Id, trackId.Value), c.CancellationToken);
                return token.IsSuccess ? new Payload<string>(c.Service<MediaLinks>().ForToken(token.Value), []) : Payload<string>.Failed(token.Error!);
            });

        mutation.Field<NonNullGraphType<ShareGenerationPayloadType>>("shareGeneration")
            .Description("A public link to a COMPLETED generation; counts against the share quota (sharing it again returns the same link).")
            .Argument<NonNullGraphType<ShareGenerationInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var generationId = GlobalId.Decode(c.Input<ShareGenerationInput>().GenerationId, GenerationType.TypeName, "generationId");
                if (generationId.Error is { } notAGeneration)
                {
                    return Payload<ShareLink>.Failed(notAGeneration);
                }

                var user = await c.SignedInUserAsync();
                if (c.Service<Application.Email.EmailSettings>().VerificationGate(user) is { } unverified)
                {
                    return Payload<ShareLink>.Failed(unverified);
                }

                var result = await c.Service<ShareGeneration>().HandleAsync(new ShareGenerationCommand(user.Id, generationId.Value), c.CancellationToken);
                return result.IsSuccess
                    ? new Payload<ShareLink>(new ShareLink(result.Value, UrlOf(c, result.Value)), [])
                    : Payload<ShareLink>.Failed(result.Error!);
            });
    }

    private static string UrlOf(IResolveFieldContext c, Share share) =>
        $"{PublicOrigin.Of(c.Service<HostSettings>(), c.Service<IHttpContextAccessor>().HttpContext)}/share/{share.Slug}";
}
