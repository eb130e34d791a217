using GraphQL;
using GraphQLParser.AST;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// A cheap stand-in, run first, for the expensive part of "overlapping fields can be merged"
/// (spec 5.3.2), whose pairwise comparisons and per-pair errors grow quadratically or worse.
/// Fields that share a response name in one selection set (fragments and same-name fields'
/// sub-selections merged, as execution merges them) may appear at most <c>maxRepeats</c> times,
/// and must name the same field with the same arguments unless they sit under different type
/// conditions. One error per response name, never one per pair. Runs after the fragment-cycle
/// and expanded-field checks of <see cref="DocumentLimitsCheck"/>, so its walk is bounded.
/// </summary>
public sealed class FieldMergeCheck
{
    private readonly string _source;
    private readonly int _maxRepeats;
    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments;

    private FieldMergeCheck(string source, int maxRepeats, Dictionary<string, GraphQLFragmentDefinition> fragments) =>
        (_source, _maxRepeats, _fragments) = (source, maxRepeats, fragments);

    public static ExecutionError? Check(GraphQLDocument document, string source, int maxRepeats)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>();
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        var check = new FieldMergeCheck(source, maxRepeats, fragments);
        return document.Definitions.OfType<GraphQLOperationDefinition>()
            .Select(o => check.CheckMerged([(o.SelectionSet, null)]))
            .FirstOrDefault(e => e is not null);
    }

    private ExecutionError? CheckMerged(IReadOnlyList<(GraphQLSelectionSet Set, string? Context)> sets)
    {
        var groups = new Dictionary<string, List<(GraphQLField Field, string? Context)>>();
        foreach (var (set, context) in sets)
        {
            Collect(set, context, groups, []);
        }

        foreach (var (name, fields) in groups)
        {
            if (fields.Count > _maxRepeats)
            {
                return new ExecutionError(
                    $"The response name '{name}' is selected {fields.Count} times in one selection set; at most {_maxRepeats} are allowed (GRAPHQL_MAX_FIELD_REPEATS).")
                { Code = DocumentInspection.TooComplex };
            }

            if (Conflicts(fields))
            {
                return new ExecutionError(
                    $"Fields '{name}' conflict: the same response name selects different fields or arguments. Use different aliases.")
                { Code = ErrorCodes.GraphQLValidationFailed };
            }

            // Sub-selections merge per type condition, so each field is walked once (no cross-context pairs here: validation checks those).
            foreach (var sameContext in fields.GroupBy(f => f.Context))
            {
                var children = sameContext.Where(f => f.Field.SelectionSet is not null).Select(f => (f.Field.SelectionSet!, (string?)null)).ToList();
                if (children.Count > 0 && CheckMerged(children) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private void Collect(GraphQLSelectionSet set, string? context, Dictionary<string, List<(GraphQLField, string?)>> groups, HashSet<string> spreading)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var name = (field.Alias?.Name ?? field.Name).StringValue;
                    if (!groups.TryGetValue(name, out var list))
                    {
                        groups[name] = list = [];
                    }

                    list.Add((field, context));
                    break;
                case GraphQLInlineFragment inline:
                    Collect(inline.SelectionSet, inline.TypeCondition?.Type.Name.StringValue ?? context, groups, spreading);
                    break;
                case GraphQLFragmentSpread spread when _fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                    && spreading.Add(fragment.FragmentName.Name.StringValue):
                    Collect(fragment.SelectionSet, fragment.TypeCondition.Type.Name.StringValue, groups, spreading);
                    spreading.Remove(fragment.FragmentName.Name.StringValue);
                    break;
            }
        }
    }

    /// <summary>Different fields or arguments under one response name, where the parent types may be the same.</summary>
    private bool Conflicts(List<(GraphQLField Field, string? Context)> fields)
    {
        var signatures = fields.Select(f => (f.Context, Signature: Signature(f.Field))).Distinct().ToList();
        if (signatures.Select(s => s.Signature).Distinct().Count() <= 1)
        {
            return false;
        }

        return signatures.Any(s => s.Context is null)
            || signatures.GroupBy(s => s.Context).Any(g => g.Select(s => s.Signature).Distinct().Count() > 1);
    }

    /// <summary>The field's name and its arguments' text without insignificant blanks.</summary>
    private string Signature(GraphQLField field)
    {
        if (field.Arguments is not { } arguments || arguments.Location.End <= arguments.Location.Start)
        {
            return field.Name.StringValue;
        }

        var text = _source.AsSpan(arguments.Location.Start, arguments.Location.End - arguments.Location.Start);
        var compact = new System.Text.StringBuilder(field.Name.StringValue, text.Length + 16);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != ',')
            {
                compact.Append(c);
            }
        }

        return compact.ToString();
    }
}
