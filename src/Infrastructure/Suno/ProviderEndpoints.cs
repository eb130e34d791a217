using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Generations;

namespace Son1kVers3.Infrastructure.Suno;

public static class ProviderEndpoints
{
    /// <summary>POST /webhooks/suno?s=secret (provider callbacks) and, with the simulator, its media.</summary>
    public static IEndpointRouteBuilder MapProviderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/suno", ReceiveCallbackAsync);
        if (app.ServiceProvider.GetRequiredService<SunoSettings>().UseSimulator)
        {
            app.MapGet("/simulator/audio/{clip}.wav", (string clip) => Results.File(SimulatedMedia.Wav(clip), "audio/wav", enableRangeProcessing: true));
            app.MapGet("/simulator/cover/{clip}.svg", (string clip) => Results.Text(SimulatedMedia.CoverSvg(clip), "image/svg+xml"));
        }

        return app;
    }

    /// <summary>Callbacks carry no signature: the secret in the URL proves they come from the provider we told.</summary>
    private static async Task<IResult> ReceiveCallbackAsync(HttpContext http, SunoSettings settings, ApplyProviderReport apply)
    {
        var given = Encoding.UTF8.GetBytes(http.Request.Query["s"].ToString());
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(settings.CallbackSecret)))
        {
            return Results.Json(new { error = "unknown callback secret" }, statusCode: StatusCodes.Status403Forbidden);
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "the body is not JSON" });
        }

        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Results.BadRequest(new { error = "the body must be a JSON object (a Suno callback)" });
            }

            if (body.RootElement.TryGetProperty("code", out var code) && (code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out _)))
            {
                return Results.BadRequest(new { error = "'code' must be an integer" });
            }

            if (SunoResponses.Callback(body.RootElement) is not { } callback)
            {
                return Results.BadRequest(new { error = "not a Suno callback (data.task_id and data.callbackType are required)" });
            }

            var known = await apply.HandleAsync(callback.TaskId, callback.Update, http.RequestAborted);
            return Results.Ok(new { ok = known });
        }
    }
}
