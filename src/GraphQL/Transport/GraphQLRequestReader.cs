using System.Text.Json;
using GraphQL;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Transport;

/// <summary>
/// Reads a GraphQL request from GET parameters or a POST body of application/json, enforcing the
/// body limit and saying exactly what is wrong with a malformed request.
/// </summary>
public sealed class GraphQLRequestReader(IGraphQLSerializer serializer, GraphQLHttpSettings settings)
{
    public async Task<(GraphQLHttpRequest? Request, HttpProblem? Problem)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(http.Method))
        {
            return FromParameters(http.Query);
        }

        if (!JsonRequestBody.IsJsonContentType(http.ContentType))
        {
            return (null, new HttpProblem(
                StatusCodes.Status415UnsupportedMediaType,
                $"POST requests must have Content-Type: application/json (got '{http.ContentType ?? "none"}').",
                ErrorCodes.UnsupportedMediaType));
        }

        HttpProblem TooLarge() => new(
            StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than the limit of {settings.MaxRequestBytes} bytes.",
            ErrorCodes.PayloadTooLarge);
        if (http.ContentLength > settings.MaxRequestBytes)
        {
            return (null, TooLarge());
        }

        var reader = http.BodyReader;
        var body = await JsonRequestBody.ReadAsync(reader, settings.MaxRequestBytes, cancellationToken);
        if (body is not { } whole)
        {
            return (null, TooLarge());
        }

        try
        {
            using var json = JsonDocument.Parse(whole.Buffer);
            return JsonTextCheck.Problem(json.RootElement, "body") is { } problem
                ? (null, BadRequest($"The request's {problem}; such text is not accepted."))
                : FromJson(json.RootElement);
        }
        catch (JsonException ex)
        {
            return (null, new HttpProblem(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}"));
        }
        finally
        {
            reader.AdvanceTo(whole.Buffer.End);
        }
    }

    private (GraphQLHttpRequest?, HttpProblem?) FromParameters(IQueryCollection query)
    {
        var (variables, variablesProblem) = ParseJsonParameter(query["variables"].ToString(), "variables");
        if (variablesProblem is not null)
        {
            return (null, variablesProblem);
        }

        var (extensions, extensionsProblem) = ParseJsonParameter(query["extensions"].ToString(), "extensions");
        if (extensionsProblem is not null)
        {
            return (null, extensionsProblem);
        }

        var documentId = query["documentId"].ToString() is { Length: > 0 } id ? id : null;
        var operationName = query["operationName"].ToString();
        var request = new GraphQLHttpRequest(query["query"].ToString(), operationName.Length > 0 ? operationName : null, variables, extensions, documentId);
        return request.Query.Length == 0 && !request.NamesPersistedDocument
            ? (null, BadRequest("A GET request needs a 'query' parameter with the GraphQL document (or a persisted document's 'documentId' or 'extensions.persistedQuery')."))
            : (request, null);
    }

    private (Inputs?, HttpProblem?) ParseJsonParameter(string raw, string name)
    {
        if (raw.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(raw);
            return JsonTextCheck.Problem(json.RootElement, name) is { } problem
                ? (null, BadRequest($"The request's {problem}; such text is not accepted."))
                : ToInputs(json.RootElement, name);
        }
        catch (JsonException)
        {
            return (null, BadRequest($"The '{name}' parameter must be a JSON-encoded object."));
        }
    }

    private (GraphQLHttpRequest?, HttpProblem?) FromJson(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return (null, BadRequest("Batched requests (a JSON array) are not supported: send one operation per request."));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, BadRequest("The request body must be a JSON object with a 'query' string."));
        }

        var hasQuery = root.TryGetProperty("query", out var query) && query.ValueKind != JsonValueKind.Null;
        if (hasQuery && query.ValueKind != JsonValueKind.String)
        {
            return (null, BadRequest($"'query' must be a string (got {Describe(query)})."));
        }

        string? documentId = null;
        if (root.TryGetProperty("documentId", out var id) && id.ValueKind != JsonValueKind.Null)
        {
            if (id.ValueKind != JsonValueKind.String)
            {
                return (null, BadRequest($"'documentId' must be a string or null (got {Describe(id)})."));
            }

            documentId = id.GetString();
        }

        string? operationName = null;
        if (root.TryGetProperty("operationName", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return (null, BadRequest($"'operationName' must be a string or null (got {Describe(name)})."));
            }

            operationName = name.GetString();
        }

        var (variables, variablesProblem) = root.TryGetProperty("variables", out var v) ? ToInputs(v, "variables") : (null, null);
        if (variablesProblem is not null)
        {
            return (null, variablesProblem);
        }

        var (extensions, extensionsProblem) = root.TryGetProperty("extensions", out var e) ? ToInputs(e, "extensions") : (null, null);
        if (extensionsProblem is not null)
        {
            return (null, extensionsProblem);
        }

        var request = new GraphQLHttpRequest(hasQuery ? query.GetString()! : "", operationName, variables, extensions, documentId);
        return hasQuery || request.NamesPersistedDocument
            ? (request, null)
            : (null, BadRequest("The request body has no 'query': send the GraphQL document as a string (or a persisted document's 'documentId' or 'extensions.persistedQuery')."));
    }

    private (Inputs?, HttpProblem?) ToInputs(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Null => (null, null),
        JsonValueKind.Object => ReadInputs(element, name),
        _ => (null, BadRequest($"'{name}' must be a JSON object or null (got {Describe(element)}).")),
    };

    /// <summary>Values GraphQL.NET cannot represent (e.g. a number beyond any numeric type) are a 400 naming the parameter.</summary>
    private (Inputs?, HttpProblem?) ReadInputs(JsonElement element, string name)
    {
        try
        {
            return (serializer.ReadNode<Inputs>(element), null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            return (null, BadRequest($"'{name}' holds a value that cannot be read: {UnsafeText.ForLog(ex.Message, 200)}"));
        }
    }

    private static HttpProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    private static string Describe(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
