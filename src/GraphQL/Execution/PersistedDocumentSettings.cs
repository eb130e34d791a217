using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>Automatic persisted queries, trusted documents and the caching of persisted GET queries.</summary>
public sealed record PersistedDocumentSettings(
    bool AutomaticEnabled,
    TimeSpan AutomaticTimeToLive,
    int AutomaticMaxDocumentBytes,
    bool PersistedOnly,
    int PublicMaxAgeSeconds)
{
    public static PersistedDocumentSettings Read(SettingsReader settings) => new(
        AutomaticEnabled: settings.Bool("GRAPHQL_APQ_ENABLED", true),
        AutomaticTimeToLive: TimeSpan.FromSeconds(settings.Int("GRAPHQL_APQ_TTL_SECONDS", 86_400, min: 60, max: 30 * 86_400)),
        AutomaticMaxDocumentBytes: settings.Int("GRAPHQL_APQ_MAX_DOCUMENT_BYTES", 64 * 1024, min: 256, max: 16 * 1024 * 1024),
        PersistedOnly: settings.Bool("GRAPHQL_PERSISTED_ONLY", false),
        PublicMaxAgeSeconds: settings.Int("GRAPHQL_PERSISTED_PUBLIC_MAX_AGE_SECONDS", 300, min: 0, max: 86_400));
}
