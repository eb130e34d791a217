using Microsoft.AspNetCore.Diagnostics;
using Son1kVers3.Domain.Common;
using Son1kVers3.Infrastructure.Faults;

namespace Son1kVers3.GraphQL.Hosting;

/// <summary>
/// An exception that escapes everything else is logged with its trace id and answered with a
/// GraphQL-shaped 500 (a client that went away is only noted) that tells nothing of the server's internals; PostgreSQL or Redis being away
/// is a 503 SERVICE_UNAVAILABLE with Retry-After instead.
/// </summary>
public static class LastResortErrorHandler
{
    public static void UseLastResortErrorHandler(this WebApplication app) =>
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (DependencyOutage.DependencyOf(error) is { } dependency)
            {
                app.Logger.LogWarning("{Dependency} unavailable for {Method} {Path} (trace {TraceId}): {Message}", dependency, context.Request.Method, context.Request.Path, Execution.TraceIds.Current(context), error!.Message);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = DependencyOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new
                {
                    errors = new[]
                    {
                        new
                        {
                            message = DependencyOutage.MessageFor(dependency),
                            extensions = new { code = DependencyOutage.Code, retryAfterSeconds = DependencyOutage.RetryAfterSeconds, traceId = Execution.TraceIds.Current(context) },
                        },
                    },
                });
                return;
            }

            if (ClientWentAway(context, error))
            {
                app.Logger.LogInformation("The client closed {Method} {Path} before it was answered (trace {TraceId}): {Message}", context.Request.Method, context.Request.Path, Execution.TraceIds.Current(context), error!.Message);
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                return;
            }

            app.Logger.LogError(error, "Unhandled exception for {Method} {Path} (trace {TraceId})", context.Request.Method, context.Request.Path, Execution.TraceIds.Current(context));
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new
            {
                errors = new[]
                {
                    new
                    {
                        message = $"An unexpected error occurred (trace {Execution.TraceIds.Current(context)}). It has been logged; try again later.",
                        extensions = new { code = ErrorCodes.InternalServerError, traceId = Execution.TraceIds.Current(context) },
                    },
                },
            });
        }));

    /// <summary>
    /// The client closed the connection or cut its request short (a truncated body, a reset): nobody
    /// is left to answer, and it is not the server's fault, so it is not an error in the log.
    /// </summary>
    private static bool ClientWentAway(HttpContext context, Exception? error) =>
        context.RequestAborted.IsCancellationRequested
        || error is Microsoft.AspNetCore.Connections.ConnectionResetException
        || (error is BadHttpRequestException bad && bad.Message.StartsWith("Unexpected end of request content", StringComparison.Ordinal));
}
