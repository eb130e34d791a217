using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>Limits and switches of the GraphQL endpoint, each with a sensible default.</summary>
public sealed record GraphQLHttpSettings(
    int MaxRequestBytes,
    int MaxDepth,
    int MaxComplexity,
    TimeSpan ExecutionTimeout,
    bool Introspection,
    bool RequirePreflight,
    int DocumentCacheChars,
    DocumentLimits DocumentLimits,
    int MaxStorageReads)
{
    /// <summary>What one field that reads PostgreSQL or Redis costs, so that a request stays within <see cref="MaxStorageReads"/>.</summary>
    public int StorageFieldCost => Math.Max(1, MaxComplexity / MaxStorageReads);

    public static GraphQLHttpSettings Read(SettingsReader settings, bool isDevelopment) => new(
        MaxRequestBytes: settings.Int("GRAPHQL_MAX_REQUEST_BYTES", 256 * 1024, min: 1024, max: 64 * 1024 * 1024),
        MaxDepth: settings.Int("GRAPHQL_MAX_DEPTH", 15, min: 2, max: 100),
        MaxComplexity: settings.Int("GRAPHQL_MAX_COMPLEXITY", 5000, min: 10, max: 10_000_000),
        ExecutionTimeout: TimeSpan.FromSeconds(settings.Int("GRAPHQL_TIMEOUT_SECONDS", 30, min: 1, max: 600)),
        Introspection: settings.Bool("GRAPHQL_INTROSPECTION", isDevelopment),
        RequirePreflight: settings.Bool("GRAPHQL_REQUIRE_PREFLIGHT", false),
        DocumentCacheChars: settings.Int("GRAPHQL_DOCUMENT_CACHE_CHARS", 4_000_000, min: 0, max: 1_000_000_000),
        DocumentLimits: new DocumentLimits(
            MaxTokens: settings.Int("GRAPHQL_MAX_TOKENS", 10_000, min: 100, max: 1_000_000),
            MaxFields: settings.Int("GRAPHQL_MAX_FIELDS", 2_000, min: 10, max: 100_000),
            MaxFragments: settings.Int("GRAPHQL_MAX_FRAGMENTS", 100, min: 1, max: 10_000),
            MaxAliasesPerField: settings.Int("GRAPHQL_MAX_ALIASES_PER_FIELD", 20, min: 1, max: 10_000),
            MaxFieldRepeats: settings.Int("GRAPHQL_MAX_FIELD_REPEATS", 30, min: 2, max: 10_000),
            MaxParserDepth: DocumentLimits.ParserDepth),
        MaxStorageReads: settings.Int("GRAPHQL_MAX_STORAGE_READS", 200, min: 1, max: 100_000));
}

/// <summary>
/// Limits checked on a document's text and syntax tree before GraphQL validation runs, so that
/// no document can make validation expensive (each is linear in the document's size).
/// </summary>
public sealed record DocumentLimits(int MaxTokens, int MaxFields, int MaxFragments, int MaxAliasesPerField, int MaxFieldRepeats, int MaxParserDepth)
{
    /// <summary>The parser's nesting limit in syntax-tree levels (GraphQL-Parser's own default).</summary>
    public const int ParserDepth = 128;
}
