using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>Limits and switches of the GraphQL endpoint, each with a sensible default.</summary>
public sealed record GraphQLHttpSettings(
    int MaxRequestBytes,
    int MaxDepth,
    int MaxComplexity,
    TimeSpan ExecutionTimeout,
    bool Introspection,
    bool CsrfProtection,
    int DocumentCacheChars)
{
    public static GraphQLHttpSettings Read(SettingsReader settings, bool isDevelopment) => new(
        MaxRequestBytes: settings.Int("GRAPHQL_MAX_REQUEST_BYTES", 256 * 1024, min: 1024, max: 64 * 1024 * 1024),
        MaxDepth: settings.Int("GRAPHQL_MAX_DEPTH", 15, min: 2, max: 100),
        MaxComplexity: settings.Int("GRAPHQL_MAX_COMPLEXITY", 5000, min: 10, max: 10_000_000),
        ExecutionTimeout: TimeSpan.FromSeconds(settings.Int("GRAPHQL_TIMEOUT_SECONDS", 30, min: 1, max: 600)),
        Introspection: settings.Bool("GRAPHQL_INTROSPECTION", isDevelopment),
        CsrfProtection: settings.Bool("GRAPHQL_CSRF_PROTECTION", true),
        DocumentCacheChars: settings.Int("GRAPHQL_DOCUMENT_CACHE_CHARS", 4_000_000, min: 0, max: 1_000_000_000));
}
