using GraphQL;
using GraphQL.DI;
using GraphQL.Validation.Rules.Custom;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>How much validation a request needs, decided by <see cref="GraphQLExecutor"/> from its prepared document.</summary>
public enum RequestValidation
{
    /// <summary>Every rule: the first request with this document.</summary>
    Full,

    /// <summary>Only the complexity analysis, which depends on the variables.</summary>
    ComplexityOnly,

    /// <summary>No rule: the same document, without variables, passed them all before.</summary>
    None,
}

/// <summary>
/// A validation rule whose verdict depends on the request (its signed-in user), not on the document
/// alone: it runs on every request, even for a document that passed every rule before.
/// </summary>
public interface IRequestDependentRule
{
    /// <summary>Whether the rule can report anything for this document (known once the document is prepared).</summary>
    bool Concerns(PreparedDocument document);
}

/// <summary>The execution options of one request, carrying how much validation it needs.</summary>
public sealed class RequestExecutionOptions : ExecutionOptions
{
    public RequestValidation Validation { get; init; } = RequestValidation.Full;

    /// <summary>The request's prepared document.</summary>
    public required PreparedDocument Prepared { get; init; }
}

/// <summary>
/// Runs after the library's own configurations have added the rules (the complexity analyzer,
/// introspection off): for a document that already passed them, keeps only what can differ
/// between requests (and the rules that depend on the user, <see cref="IRequestDependentRule"/>, where the document concerns them). Variables and arguments are still parsed and checked on every request.
/// </summary>
public sealed class SkipRepeatedValidation : IConfigureExecution
{
    public float SortOrder => 150; // after the library's option configurations (100)

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options is RequestExecutionOptions { Validation: not RequestValidation.Full } request)
        {
            options.ValidationRules = (options.ValidationRules ?? [])
                .Where(rule => (rule is ComplexityValidationRule && request.Validation == RequestValidation.ComplexityOnly)
                    || (rule is IRequestDependentRule dependent && dependent.Concerns(request.Prepared)))
                .ToArray();
        }

        return next(options);
    }
}
