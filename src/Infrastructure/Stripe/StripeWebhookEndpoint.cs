using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Observability;
using Son1kVers3.Application.Payments;
using Stripe;

namespace Son1kVers3.Infrastructure.Stripe;

public static class StripeWebhookEndpoint
{
    /// <summary>The most a webhook body may be (Stripe's events are a few KiB).</summary>
    private const int MaxBodyBytes = 512 * 1024;

    /// <summary>POST /webhooks/stripe: Stripe's signed events drive the subscriptions and tiers.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, StripeSettings settings, ApplyPaymentEvent apply, TimeProvider clock, AppMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhookEndpoint));
        if (settings.WebhookSecret is null)
        {
            return Results.Json(new { error = "payments are not configured (STRIPE_WEBHOOK_SECRET)" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var started = Stopwatch.GetTimestamp();
        if (await ReadBodyAsync(http) is not { } payload)
        {
            return Results.BadRequest(new { error = "the body is missing, too large or not UTF-8" });
        }

        if (Verify(payload, http.Request.Headers["Stripe-Signature"].ToString(), settings.WebhookSecret, clock.GetUtcNow()) is { } refusal)
        {
            logger.LogWarning("Stripe webhook refused: {Reason}", refusal);
            metrics.WebhookEvent("unverified", "refused");
            return Results.BadRequest(new { error = refusal });
        }

        if (StripeEventReader.Read(payload) is not { } paymentEvent)
        {
            return Results.BadRequest(new { error = "not a Stripe event (id, type, created and data.object are required)" });
        }

        try
        {
            var outcome = await apply.HandleAsync(paymentEvent, http.RequestAborted);
            metrics.WebhookEvent(paymentEvent.Type, outcome.ToString().ToLowerInvariant());
            logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome} in {Ms:F1} ms", paymentEvent.Id, paymentEvent.Type, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return Results.Ok(new { received = true, outcome = outcome.ToString() });
        }
        catch (PaymentProviderException)
        {
            // Nothing was recorded: Stripe retries later, when its API answers again.
            metrics.WebhookEvent(paymentEvent.Type, "retry_later");
            return Results.Json(new { error = "the subscription could not be read from Stripe; retry later" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The raw bytes, as signed: re-serialising the JSON would break the signature.</summary>
    private static async Task<string?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return buffer.Length == 0 ? null : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Stripe's scheme (t=…,v1=HMAC-SHA256(secret, "t.payload")), every v1 tried, 300 s tolerance; null when valid.</summary>
    private static string? Verify(string payload, string header, string secret, DateTimeOffset now)
    {
        if (header.Length == 0)
        {
            return "the Stripe-Signature header is missing";
        }

        try
        {
            EventUtility.ValidateSignature(payload, header, secret, (long)StripeSettings.SignatureTolerance.TotalSeconds, now.ToUnixTimeSeconds());
            return null;
        }
        catch (StripeException ex)
        {
            return ex.Message.Contains("tolerance", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("timestamp", StringComparison.OrdinalIgnoreCase)
                ? "the Stripe-Signature timestamp is outside the tolerance zone"
                : "the Stripe-Signature does not match the body";
        }
    }
}
