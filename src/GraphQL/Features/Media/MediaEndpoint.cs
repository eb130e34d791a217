using Son1kVers3.Application.Accounts.Export;
using Son1kVers3.Application.Media;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Features.Media;

/// <summary>
/// GET /media/{token}: the audio a signed link allows, streamed by this server (ranges supported),
/// or a user's data export (a JSON attachment written as it is read). A forged or altered link is
/// 403, an expired one 410, a link to what no longer exists 404; at most MEDIA_MAX_CONCURRENT_FETCHES
/// provider fetches run at once (503 + Retry-After beyond).
/// </summary>
public static class MediaEndpoint
{
    public const string Path = "/media";

    public static IEndpointRouteBuilder MapMediaEndpoint(this IEndpointRouteBuilder app)
    {
        var gate = new SemaphoreSlim(app.ServiceProvider.GetRequiredService<MediaSettings>().MaxConcurrentFetches);
        app.MapGet(Path + "/{token}", (string token, HttpContext http, MediaTokens tokens, IServiceProvider services) => ServeAsync(token, http, tokens, services, gate));
        return app;
    }

    private static async Task<IResult> ServeAsync(string token, HttpContext http, MediaTokens tokens, IServiceProvider services, SemaphoreSlim gate)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        if (tokens.Verify(token, out var expired) is not { } grant)
        {
            return expired
                ? Problem(StatusCodes.Status410Gone, ErrorCodes.MediaLinkExpired, "This link has expired; ask for a new one (downloadTrack, myDataExport, or read the track again).")
                : Problem(StatusCodes.Status403Forbidden, ErrorCodes.MediaLinkInvalid, "This is not a valid media link of this server.");
        }

        if (grant.Use == MediaUse.DataExport)
        {
            return await ExportAsync(grant, http, services.GetRequiredService<ExportAccountData>());
        }

        if (!await gate.WaitAsync(0, http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.MediaBusy, "Too many audio files are being fetched right now; retry in a second.");
        }

        try
        {
            var result = await services.GetRequiredService<GetTrackAudio>().HandleAsync(grant, http.RequestAborted);
            if (!result.IsSuccess)
            {
                var status = result.Error!.Code == ErrorCodes.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status502BadGateway;
                return Problem(status, result.Error.Code, result.Error.Message);
            }

            var file = result.Value;
            return Results.File(file.Content, file.ContentType, grant.Use == MediaUse.Download ? file.FileName : null, enableRangeProcessing: true);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<IResult> ExportAsync(MediaGrant grant, HttpContext http, ExportAccountData export)
    {
        if (await export.FindAsync(grant.SubjectId, http.RequestAborted) is not { } user)
        {
            return Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "This account no longer exists.");
        }

        var fileName = ExportAccountData.FileName(user, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        return Results.Stream(body => export.WriteAsync(user, body, http.RequestAborted), "application/json; charset=utf-8", fileName);
    }

    private static IResult Problem(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
