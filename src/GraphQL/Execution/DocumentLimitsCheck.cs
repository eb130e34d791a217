using GraphQL;
using GraphQLParser.AST;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Counts on a parsed document, before validation: fragments, aliases per field name, field
/// selections after fragment expansion (each fragment counted once and remembered, never
/// expanded), and string literals that hold unsafe text.
/// </summary>
public sealed class DocumentLimitsCheck
{
    private readonly DocumentLimits _limits;
    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = [];
    private readonly Dictionary<string, long> _fragmentFields = [];
    private readonly HashSet<string> _counting = [];
    private readonly Dictionary<string, HashSet<string>> _aliases = [];
    private string? _unsafeString;
    private string? _cycle;

    private DocumentLimitsCheck(DocumentLimits limits) => _limits = limits;

    public static ExecutionError? Check(GraphQLDocument document, DocumentLimits limits) => new DocumentLimitsCheck(limits).Run(document);

    private ExecutionError? Run(GraphQLDocument document)
    {
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToList();
        if (fragments.Count > _limits.MaxFragments)
        {
            return TooComplex($"The document defines {fragments.Count} fragments; at most {_limits.MaxFragments} are allowed (GRAPHQL_MAX_FRAGMENTS).");
        }

        fragments.ForEach(f => _fragments.TryAdd(f.FragmentName.Name.StringValue, f));
        long fields = 0;
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            fields = Saturated(fields + CountFields(operation.SelectionSet));
        }

        if (_cycle is not null)
        {
            return new ExecutionError($"The fragment '{_cycle}' spreads itself, directly or through other fragments.") { Code = ErrorCodes.GraphQLValidationFailed };
        }

        if (fields > _limits.MaxFields)
        {
            return TooComplex($"The document selects more than {_limits.MaxFields} fields once its fragments are expanded (GRAPHQL_MAX_FIELDS).");
        }

        foreach (var definition in document.Definitions)
        {
            Walk(definition);
        }

        if (_aliases.FirstOrDefault(a => a.Value.Count > _limits.MaxAliasesPerField) is { Key: { } field } aliased)
        {
            return TooComplex($"The field '{field}' appears under {aliased.Value.Count} different aliases; at most {_limits.MaxAliasesPerField} are allowed (GRAPHQL_MAX_ALIASES_PER_FIELD).");
        }

        return _unsafeString is null
            ? null
            : new ExecutionError($"A string in the document contains {_unsafeString}; such text is not accepted.") { Code = ErrorCodes.BadUserInput };
    }

    private static ExecutionError TooComplex(string message) => new(message) { Code = DocumentInspection.TooComplex };

    private long Saturated(long count) => Math.Min(count, _limits.MaxFields + 1L);

    private long CountFields(GraphQLSelectionSet? set)
    {
        long count = 0;
        foreach (var selection in set?.Selections ?? [])
        {
            count = Saturated(count + selection switch
            {
                GraphQLField field => 1 + CountFields(field.SelectionSet),
                GraphQLInlineFragment inline => CountFields(inline.SelectionSet),
                GraphQLFragmentSpread spread => CountFragment(spread.FragmentName.Name.StringValue),
                _ => 0,
            });
            if (count > _limits.MaxFields)
            {
                break;
            }
        }

        return count;
    }

    private long CountFragment(string name)
    {
        if (_fragmentFields.TryGetValue(name, out var known))
        {
            return known;
        }

        // An unknown fragment counts nothing here; validation reports it.
        if (!_fragments.TryGetValue(name, out var fragment))
        {
            return 0;
        }

        if (!_counting.Add(name))
        {
            _cycle ??= name;
            return 0;
        }

        var count = CountFields(fragment.SelectionSet);
        _counting.Remove(name);
        _fragmentFields[name] = count;
        return count;
    }

    private void Walk(ASTNode? node)
    {
        switch (node)
        {
            case GraphQLOperationDefinition operation:
                foreach (var variable in operation.Variables?.Items ?? [])
                {
                    Walk(variable.DefaultValue);
                    Walk(variable.Directives);
                }

                Walk(operation.Directives);
                Walk(operation.SelectionSet);
                break;
            case GraphQLFragmentDefinition fragment:
                Walk(fragment.Directives);
                Walk(fragment.SelectionSet);
                break;
            case GraphQLSelectionSet set:
                set.Selections.ForEach(Walk);
                break;
            case GraphQLField field:
                if (field.Alias is { } alias)
                {
                    var name = field.Name.StringValue;
                    if (!_aliases.TryGetValue(name, out var aliases))
                    {
                        _aliases[name] = aliases = [];
                    }

                    aliases.Add(alias.Name.StringValue);
                }

                foreach (var argument in field.Arguments?.Items ?? [])
                {
                    Walk(argument.Value);
                }

                Walk(field.Directives);
                Walk(field.SelectionSet);
                break;
            case GraphQLInlineFragment inline:
                Walk(inline.Directives);
                Walk(inline.SelectionSet);
                break;
            case GraphQLFragmentSpread spread:
                Walk(spread.Directives);
                break;
            case GraphQLDirectives directives:
                foreach (var argument in directives.Items.SelectMany(d => d.Arguments?.Items ?? []))
                {
                    Walk(argument.Value);
                }

                break;
            case GraphQLListValue list:
                list.Values?.ForEach(Walk);
                break;
            case GraphQLObjectValue obj:
                obj.Fields?.ForEach(f => Walk(f.Value));
                break;
            case GraphQLStringValue text:
                _unsafeString ??= UnsafeText.Problem(text.Value.Span);
                break;
        }
    }
}
