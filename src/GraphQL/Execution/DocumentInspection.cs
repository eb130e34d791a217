using GraphQL;
using GraphQL.Execution;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// A document as parsed and checked against <see cref="DocumentLimits"/>: the syntax tree, or why it
/// was refused. Once one request has passed full validation with it (for the operation name it was
/// prepared for), later requests skip the validation rules: none of them depends on anything but
/// the document and the schema, except the complexity analysis, which reads the variables, so it
/// still runs where the operation declares variables.
/// </summary>
public sealed record PreparedDocument(GraphQLDocument? Document, ExecutionError? Error)
{
    private volatile bool _validated;
    private volatile int _isPublicQuery; // 0 unknown, 1 public, 2 not

    /// <summary>A request with this document passed every validation rule.</summary>
    public bool Validated => _validated;

    /// <summary>The operation declares no variables, so its complexity is the same for every request.</summary>
    public bool VariableFree { get; init; }

    /// <summary>The document selects <c>__schema</c> or <c>__type</c> somewhere (see <see cref="IntrospectionForAdmins"/>).</summary>
    public bool Introspects { get; init; }

    public void MarkValidated() => _validated = true;

    /// <summary>Whether the operation is a public query (<see cref="PublicCaching.IsPublicQuery"/>), worked out once per prepared document.</summary>
    public bool IsPublicQuery(global::GraphQL.Types.ISchema schema, string? operationName)
    {
        var known = _isPublicQuery;
        if (known == 0)
        {
            known = PublicCaching.IsPublicQuery(schema, Document, operationName) ? 1 : 2;
            _isPublicQuery = known;
        }

        return known == 1;
    }
}

/// <summary>
/// Parses a document with bounded work: unsafe text, then the token count (lexing stops at the
/// limit), then the parser with its nesting limit, then the counts of <see cref="DocumentLimitsCheck"/>.
/// Each step is linear in the document's size, so a refusal costs milliseconds.
/// </summary>
public static class DocumentInspection
{
    public const string TooComplex = ErrorCodes.QueryTooComplex;
    public const string ParseFailed = ErrorCodes.GraphQLParseFailed;

    public static PreparedDocument Prepare(string query, DocumentLimits limits)
    {
        if (UnsafeText.Problem(query) is { } problem)
        {
            return Refused(ParseFailed, $"The document contains {problem}; GraphQL documents may not contain it.");
        }

        try
        {
            if (CountTokens(query, limits.MaxTokens) > limits.MaxTokens)
            {
                return Refused(TooComplex, $"The document has more than {limits.MaxTokens} tokens (GRAPHQL_MAX_TOKENS).");
            }

            var document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = limits.MaxParserDepth });
            var error = DocumentLimitsCheck.Check(document, limits) ?? FieldMergeCheck.Check(document, query, limits.MaxFieldRepeats);
            return error is null ? new PreparedDocument(document, null) : new PreparedDocument(null, error);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return Refused(ParseFailed, $"The document is nested more than {limits.MaxParserDepth} levels deep, the parser's limit.");
        }
        catch (GraphQLSyntaxErrorException ex)
        {
            return new PreparedDocument(null, new SyntaxError(ex));
        }
    }

    private static PreparedDocument Refused(string code, string message) => new(null, new ExecutionError(message) { Code = code });

    /// <summary>The number of tokens, counting no further than one past <paramref name="max"/>.</summary>
    private static int CountTokens(string query, int max)
    {
        ROM source = query;
        var position = 0;
        var count = 0;
        while (count <= max)
        {
            var token = Lexer.Lex(source, position);
            if (token.Kind == TokenKind.EOF)
            {
                break;
            }

            count++;
            position = token.End;
        }

        return count;
    }
}
