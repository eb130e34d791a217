using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Observability;

/// <summary>
/// LOG_FORMAT (json or text; json unless Development), METRICS_PORT (0: /metrics on the main
/// port), METRICS_TOKEN (a bearer token /metrics requires when set), OTEL_SERVICE_NAME,
/// OTEL_EXPORTER_OTLP_ENDPOINT (traces and metrics exported over OTLP when set), SENTRY_DSN, and
/// which GraphQL operations get a log line (GRAPHQL_ACCESS_LOG, GRAPHQL_ACCESS_LOG_SLOW_MS).
/// </summary>
public sealed record ObservabilitySettings(
    bool JsonLogs, int MetricsPort, string? MetricsToken, string ServiceName, Uri? OtlpEndpoint, string? SentryDsn)
{
    /// <summary>Every operation gets a log line; false (the default): only those that failed, were refused, aborted or slow.</summary>
    public bool LogEveryOperation { get; init; }

    /// <summary>An operation that took at least this long is logged whatever its outcome.</summary>
    public TimeSpan SlowOperation { get; init; } = TimeSpan.FromMilliseconds(500);

    public static ObservabilitySettings Read(SettingsReader settings, bool isDevelopment)
    {
        var format = settings.Text("LOG_FORMAT")?.ToLowerInvariant() ?? (isDevelopment ? "text" : "json");
        if (format is not ("json" or "text"))
        {
            settings.Fail("LOG_FORMAT", $"must be 'json' or 'text'; got '{format}'");
        }

        var token = settings.Text("METRICS_TOKEN");
        if (token is { Length: < 16 })
        {
            settings.Fail("METRICS_TOKEN", "must be at least 16 characters (a random secret, e.g. openssl rand -hex 32)");
        }

        Uri? otlp = null;
        if (settings.Text("OTEL_EXPORTER_OTLP_ENDPOINT") is { } raw && (!Uri.TryCreate(raw, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            settings.Fail("OTEL_EXPORTER_OTLP_ENDPOINT", $"must be an http(s) URL such as http://otel-collector:4317; got '{raw}'");
        }

        var dsn = settings.Text("SENTRY_DSN");
        if (dsn is not null && !Uri.TryCreate(dsn, UriKind.Absolute, out _))
        {
            settings.Fail("SENTRY_DSN", "must be the DSN URL Sentry shows for the project (https://key@host/id)");
        }

        var accessLog = settings.Text("GRAPHQL_ACCESS_LOG")?.ToLowerInvariant() ?? "failures";
        if (accessLog is not ("all" or "failures"))
        {
            settings.Fail("GRAPHQL_ACCESS_LOG", $"must be 'failures' (errors, refusals and slow operations) or 'all' (a line per operation); got '{accessLog}'");
        }

        return new ObservabilitySettings(
            format != "text",
            settings.Int("METRICS_PORT", 0, min: 0, max: 65535),
            token,
            settings.Text("OTEL_SERVICE_NAME") ?? "son1kvers3",
            otlp,
            dsn)
        {
            LogEveryOperation = accessLog == "all",
            SlowOperation = TimeSpan.FromMilliseconds(settings.Int("GRAPHQL_ACCESS_LOG_SLOW_MS", 500, min: 1, max: 600_000)),
        };
    }
}
