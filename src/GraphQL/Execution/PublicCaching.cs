using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQLParser.AST;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Which answers a shared cache may keep: fields marked <c>.PublicCacheable()</c> return the same
/// data to everyone (no user, no secrets). A persisted GET query whose root fields all are, asked
/// without an Authorization header and answered without errors, is <c>public, max-age=…</c>;
/// every other GET answer is <c>private, no-store</c>.
/// </summary>
public static class PublicCaching
{
    private const string PublicKey = "cache:public";
    public const string NoStore = "private, no-store";

    public static FieldBuilder<TSource, TReturn> PublicCacheable<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.WithMetadata(PublicKey, true);

    public static string CacheControl(
        ISchema schema, GraphQLDocument? document, string? operationName, bool persisted, bool authorized, ExecutionResult result, int maxAgeSeconds) =>
        CacheControl(persisted && !authorized && result.Executed && result.Errors is not { Count: > 0 } && IsPublicQuery(schema, document, operationName), maxAgeSeconds);

    /// <summary>The header of a public answer (a persisted query, asked anonymously, answered without errors).</summary>
    public static string CacheControl(bool isPublic, int maxAgeSeconds) =>
        isPublic && maxAgeSeconds > 0 ? $"public, max-age={maxAgeSeconds}" : NoStore;

    /// <summary>The operation is a query whose root fields (through fragments too) are all public-cacheable (or __typename).</summary>
    public static bool IsPublicQuery(ISchema schema, GraphQLDocument? document, string? operationName) =>
        document is not null
        && ParsedDocumentCache.OperationOf(document, operationName)?.Operation == OperationType.Query
        && RequestRateLimits.RootFieldCounts(document, operationName).Keys
            .All(name => name == "__typename" || schema.Query.GetField(name)?.GetMetadata(PublicKey, false) == true);
}
