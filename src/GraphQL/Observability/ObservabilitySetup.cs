using System.Security.Cryptography;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.Observability;

namespace Son1kVers3.GraphQL.Observability;

/// <summary>
/// Logs (JSON to stdout unless LOG_FORMAT=text), traces and metrics (OpenTelemetry: a span per
/// GraphQL operation with HTTP children, and PostgreSQL and Redis ones from AddInfrastructure; OTLP export when configured),
/// /metrics in the Prometheus format, and Sentry for unhandled errors when SENTRY_DSN is set.
/// </summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    public static ObservabilitySettings AddObservability(this WebApplicationBuilder builder, SettingsReader settings)
    {
        var observability = ObservabilitySettings.Read(settings, builder.Environment.IsDevelopment());
        builder.Services.AddSingleton(observability);
        builder.Services.AddSingleton<OperationTelemetry>();
        ConfigureLogging(builder.Logging, observability);
        if (!builder.Environment.IsDevelopment())
        {
            // Writes only to an attached debugger, yet asks Debugger.IsAttached for every line of every category.
            foreach (var debug in builder.Services.Where(d => d.ImplementationType == typeof(Microsoft.Extensions.Logging.Debug.DebugLoggerProvider)).ToList())
            {
                builder.Services.Remove(debug);
            }
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(observability.ServiceName))
            .WithTracing(tracing => tracing
                // Spans are recorded only when something exports them; otherwise trace ids still
                // propagate (logs, errors, traceparent) at almost no cost.
                .SetSampler(observability.OtlpEndpoint is null ? new AlwaysOffSampler() : new ParentBasedSampler(new AlwaysOnSampler()))
                .AddSource(OperationTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(AppMetrics.MeterName, AppMetrics.MeterName + ".*")
                .AddAspNetCoreInstrumentation()
                .AddMeter("System.Runtime")
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (observability.OtlpEndpoint is not null)
        {
            otel.UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS
        }

        if (observability.SentryDsn is { } dsn)
        {
            builder.WebHost.UseSentry(sentry => SentryScrubbing.Configure(sentry, dsn));
        }

        return observability;
    }

    /// <summary>/metrics: on METRICS_PORT alone when set, else on the main port; behind METRICS_TOKEN when set.</summary>
    public static void MapMetricsEndpoint(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ObservabilitySettings>();
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (settings.MetricsToken is { } token)
            {
                branch.Use((context, next) => Authorized(context, token) ? next(context) : Unauthorized(context));
            }
        }, optionsName: null);
        if (settings.MetricsPort > 0)
        {
            endpoint.RequireHost($"*:{settings.MetricsPort}");
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ObservabilitySettings settings)
    {
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!settings.JsonLogs)
        {
            return;
        }

        logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        // Same JSON lines, written in batches rather than one write (and one thread wake-up) per line.
        foreach (var console in logging.Services.Where(d => d.ImplementationType == typeof(Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(console);
        }

        logging.Services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
    }

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);

    private static bool Authorized(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token));
    }

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
        return context.Response.WriteAsJsonAsync(new { error = "METRICS_TOKEN: send 'Authorization: Bearer <token>' to read /metrics" });
    }
}
