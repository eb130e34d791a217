using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Sharing;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Sharing;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Features.Generations;
using Son1kVers3.GraphQL.Features.Media;
using Son1kVers3.GraphQL.Hosting;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Sharing;

public static class SharingFields
{
    public static void AddSharingQueries(this ObjectGraphType query) =>
        query.Field<SharedGenerationType>("sharedGeneration")
            .Description("A public share, by its slug; anyone may read it.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(async c =>
            {
                var shared = await c.Service<GetSharedGeneration>().HandleAsync(c.GetArgument<string>("slug"), c.CancellationToken);
                if (shared is { } found)
                {
                    c.Service<SharesInRequest>().Add(found.Generation.Id, found.Share.Watermarked);
                }

                return shared;
            });

    public static void AddSharingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DownloadTrackPayloadType>>("downloadTrack")
            .Description("A signed link of this server to the original file of a COMPLETED track, valid MEDIA_DOWNLOAD_URL_MINUTES; counts against the daily download quota (the same track again the same day is free).")
            .Argument<NonNullGraphType<DownloadTrackInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                if (GlobalId.Decode(c.Input()["trackId"]!.ToString()!, TrackType.TypeName) is not { } trackId)
                {
                    return new Payload<string>(null, [Error.Validation("trackId", "is not a Track id.")]);
                }

                var user = await c.SignedInUserAsync();
                var token = await c.Service<DownloadTrack>().HandleAsync(new DownloadTrackCommand(user.Id, trackId), c.CancellationToken);
                return token.IsSuccess ? new Payload<string>(c.Service<MediaLinks>().ForToken(token.Value), []) : new Payload<string>(null, [token.Error!]);
            });

        mutation.Field<NonNullGraphType<ShareGenerationPayloadType>>("shareGeneration")
            .Description("A public link to a COMPLETED generation; counts against the share quota (sharing it again returns the same link).")
            .Argument<NonNullGraphType<ShareGenerationInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                if (GlobalId.Decode(c.Input()["generationId"]!.ToString()!, GenerationType.TypeName) is not { } generationId)
                {
                    return new Payload<ShareLink>(null, [Error.Validation("generationId", "is not a Generation id.")]);
                }

                var user = await c.SignedInUserAsync();
                if (c.Service<Application.Email.EmailSettings>().VerificationGate(user) is { } unverified)
                {
                    return new Payload<ShareLink>(null, [unverified]);
                }

                var result = await c.Service<ShareGeneration>().HandleAsync(new ShareGenerationCommand(user.Id, generationId), c.CancellationToken);
                return result.IsSuccess
                    ? new Payload<ShareLink>(new ShareLink(result.Value, UrlOf(c, result.Value)), [])
                    : new Payload<ShareLink>(null, [result.Error!]);
            });
    }

    private static string UrlOf(IResolveFieldContext c, Share share) =>
        $"{PublicOrigin.Of(c.Service<HostSettings>(), c.Service<IHttpContextAccessor>().HttpContext)}/share/{share.Slug}";
}
