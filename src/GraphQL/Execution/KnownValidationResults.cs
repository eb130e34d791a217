using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// The library's validator, which after its rules also walks the whole document on every request to
/// parse the fields' and directives' arguments (about 5 % of the CPU of a plans request, for a document
/// with none). With no rule to run (<see cref="SkipRepeatedValidation"/>: the document passed them all
/// before) and no variables declared, that walk's outcome depends on the document alone, so an
/// operation of a prepared (cached) document that came out with no argument, directive or variable
/// values at all is known to do so again, and later requests skip the walk. Outcomes with values are
/// not kept: execution adds to their dictionaries (when it merges fields), so each request needs its
/// own. With variables, or any rule to run, every request is validated as before.
/// </summary>
public sealed class KnownValidationResults(IDocumentValidator inner) : IDocumentValidator
{
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, IValidationResult> _known = [];

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        var operation = options.Operation;
        if (options.Rules is not { } rules || rules.Any() || (operation.Variables?.Items.Count ?? 0) > 0)
        {
            return inner.ValidateAsync(options);
        }

        return _known.TryGetValue(operation, out var known) ? Task.FromResult(known) : KeepAsync(inner.ValidateAsync(options), operation);
    }

    private async Task<IValidationResult> KeepAsync(Task<IValidationResult> validation, GraphQLOperationDefinition operation)
    {
        var result = await validation;
        if (result is { IsValid: true, ArgumentValues: null, DirectiveValues: null } && (result.Variables is null || result.Variables == Variables.None))
        {
            _known.AddOrUpdate(operation, result);
        }

        return result;
    }
}
