using Son1kVers3.Application.Common;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// The in-process cache of public answers (<see cref="PublicAnswerCache"/>): GRAPHQL_ANSWER_CACHE_ENABLED,
/// at most GRAPHQL_ANSWER_CACHE_MAX_ENTRIES answers and GRAPHQL_ANSWER_CACHE_MAX_BYTES bytes, each kept
/// at most GRAPHQL_PERSISTED_PUBLIC_MAX_AGE_SECONDS (the max-age shared caches are given).
/// </summary>
public sealed record AnswerCacheSettings(bool Enabled, int MaxEntries, long MaxBytes)
{
    public static AnswerCacheSettings Read(SettingsReader settings) => new(
        settings.Bool("GRAPHQL_ANSWER_CACHE_ENABLED", true),
        settings.Int("GRAPHQL_ANSWER_CACHE_MAX_ENTRIES", 1_000, min: 1, max: 1_000_000),
        settings.Int("GRAPHQL_ANSWER_CACHE_MAX_BYTES", 16 * 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024));
}
