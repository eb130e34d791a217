using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Prepared documents by query text (parsed and checked against the document limits, refusals
/// included), bounded by the total characters cached. Validation runs on every request because
/// cost analysis depends on the variables.
/// </summary>
public sealed class ParsedDocumentCache(GraphQLHttpSettings settings) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, settings.DocumentCacheChars) });

    /// <summary>The parsed document, or null when it does not parse or breaks a limit (<see cref="Prepare"/> says why).</summary>
    public GraphQLDocument? TryGet(string query) => Prepare(query).Document;

    public PreparedDocument Prepare(string query)
    {
        if (_cache.TryGetValue(query, out PreparedDocument? cached) && cached is not null)
        {
            return cached;
        }

        var prepared = DocumentInspection.Prepare(query, settings.DocumentLimits);
        if (query.Length <= settings.DocumentCacheChars / 10)
        {
            _cache.Set(query, prepared, new MemoryCacheEntryOptions { Size = Math.Max(1, query.Length) });
        }

        return prepared;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>The operation the request would run (the named one, or the only one), or null when there is none.</summary>
    public static GraphQLOperationDefinition? OperationOf(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name is { } name && name.StringValue == operationName);
    }
}
