namespace Son1kVers3.GraphQL.Observability;

/// <summary>
/// Sentry (SENTRY_DSN) for unhandled errors, with no personal data: no default PII, no request
/// bodies, cookies or headers, and the user reduced to an id.
/// </summary>
public static class SentryScrubbing
{
    public static void Configure(Sentry.AspNetCore.SentryAspNetCoreOptions options, string dsn)
    {
        options.Dsn = dsn;
        options.SendDefaultPii = false;
        options.MaxRequestBodySize = Sentry.Extensibility.RequestSize.None;
        options.SetBeforeSend(Scrub);
    }

    public static Sentry.SentryEvent Scrub(Sentry.SentryEvent sentryEvent, Sentry.SentryHint hint)
    {
        sentryEvent.Request.Cookies = null;
        sentryEvent.Request.Data = null;
        sentryEvent.Request.QueryString = null;
        sentryEvent.Request.Headers.Clear();
        sentryEvent.User = new Sentry.SentryUser { Id = sentryEvent.User.Id };
        return sentryEvent;
    }
}
