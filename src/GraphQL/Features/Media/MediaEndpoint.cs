using Son1kVers3.Application.Media;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Features.Media;

/// <summary>
/// GET /media/{token}: the audio a signed link allows, streamed by this server (ranges supported).
/// A forged or altered link is 403, an expired one 410; at most MEDIA_MAX_CONCURRENT_FETCHES
/// provider fetches run at once (503 + Retry-After beyond).
/// </summary>
public static class MediaEndpoint
{
    public const string Path = "/media";

    public static IEndpointRouteBuilder MapMediaEndpoint(this IEndpointRouteBuilder app)
    {
        var gate = new SemaphoreSlim(app.ServiceProvider.GetRequiredService<MediaSettings>().MaxConcurrentFetches);
        app.MapGet(Path + "/{token}", (string token, HttpContext http, MediaTokens tokens, GetTrackAudio audio) => ServeAsync(token, http, tokens, audio, gate));
        return app;
    }

    private static async Task<IResult> ServeAsync(string token, HttpContext http, MediaTokens tokens, GetTrackAudio audio, SemaphoreSlim gate)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        if (tokens.Verify(token, out var expired) is not { } grant)
        {
            return expired
                ? Problem(StatusCodes.Status410Gone, "MEDIA_LINK_EXPIRED", "This link has expired; ask for a new one (downloadTrack, or read the track again).")
                : Problem(StatusCodes.Status403Forbidden, "MEDIA_LINK_INVALID", "This is not a valid media link of this server.");
        }

        if (!await gate.WaitAsync(0, http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, "MEDIA_BUSY", "Too many audio files are being fetched right now; retry in a second.");
        }

        try
        {
            var result = await audio.HandleAsync(grant, http.RequestAborted);
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

    private static IResult Problem(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
