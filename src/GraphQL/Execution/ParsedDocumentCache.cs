using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Caching.Memory;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Parsed documents by query text, bounded by the total characters cached. Only parsing is
/// cached: validation runs on every request because cost analysis depends on the variables.
/// </summary>
public sealed class ParsedDocumentCache(IDocumentBuilder documentBuilder, GraphQLHttpSettings settings) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, settings.DocumentCacheChars) });

    /// <summary>The parsed document, or null when the text does not parse (execution then reports the syntax error).</summary>
    public GraphQLDocument? TryGet(string query)
    {
        if (_cache.TryGetValue(query, out GraphQLDocument? cached))
        {
            return cached;
        }

        GraphQLDocument document;
        try
        {
            document = documentBuilder.Build(query);
        }
        catch (Exception ex) when (ex is GraphQLSyntaxErrorException or SyntaxError)
        {
            return null;
        }

        if (query.Length <= settings.DocumentCacheChars / 10)
        {
            _cache.Set(query, document, new MemoryCacheEntryOptions { Size = query.Length });
        }

        return document;
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
