using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Prepared documents by query text and operation name (parsed and checked against the document
/// limits, refusals included; validated once, see <see cref="PreparedDocument"/>), bounded by the
/// total characters cached. The one place where both transports turn a request's document text
/// into a document.
/// </summary>
public sealed class ParsedDocumentCache(GraphQLHttpSettings settings) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, settings.DocumentCacheChars) });

    public PreparedDocument Prepare(string query, string? operationName)
    {
        var key = (query, operationName);
        if (_cache.TryGetValue(key, out PreparedDocument? cached) && cached is not null)
        {
            return cached;
        }

        var prepared = DocumentInspection.Prepare(query, settings.DocumentLimits);
        if (prepared.Document is { } document)
        {
            prepared = prepared with
            {
                VariableFree = OperationOf(document, operationName) is { } operation && (operation.Variables?.Items.Count ?? 0) == 0,
                Introspects = IntrospectionForAdmins.Selects(document),
            };
        }

        if (query.Length <= settings.DocumentCacheChars / 10)
        {
            _cache.Set(key, prepared, new MemoryCacheEntryOptions { Size = Math.Max(1, query.Length) });
        }

        return prepared;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>The operation the request would run (the named one, or the only one), or null when there is none.</summary>
    public static GraphQLOperationDefinition? OperationOf(GraphQLDocument document, string? operationName)
    {
        GraphQLOperationDefinition? found = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not GraphQLOperationDefinition operation)
            {
                continue;
            }

            if (operationName is null)
            {
                if (found is not null)
                {
                    return null;
                }

                found = operation;
            }
            else if (operation.Name is { } name && name.StringValue == operationName)
            {
                return operation;
            }
        }

        return operationName is null ? found : null;
    }
}
