using GraphQL.Validation.Complexity;
using Son1kVers3.GraphQL.Transport;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// What each field costs in the complexity analysis: every field at least 1 (<c>__typename</c>
/// too), introspection nothing (so GraphiQL and codegen are never refused), and a field that
/// reads PostgreSQL or Redis <see cref="GraphQLHttpSettings.StorageFieldCost"/>, so that the
/// complexity limit also bounds the storage reads of one request (GRAPHQL_MAX_STORAGE_READS).
/// </summary>
public static class FieldCosts
{
    /// <summary>Root fields that answer from memory; every other root field reads storage.</summary>
    private static readonly HashSet<string> InMemoryRootFields = ["plans"];

    /// <summary>Nested fields that read storage once per parent object (batch-loaded fields read once per request and are not here).</summary>
    private static readonly HashSet<string> NestedStorageFields =
    [
        "User.usage",
        "ClientStats.total", "ClientStats.activeToday", "ClientStats.newToday", "ClientStats.byCountry", "ClientStats.byCity", "ClientStats.daily",
        "Overview.usersByTier", "Overview.generationsByStatus", "Overview.generationsToday",
    ];

    public static Func<FieldImpactContext, FieldComplexityResult> Delegate(
        Func<FieldImpactContext, FieldComplexityResult> standard, GraphQLHttpSettings settings) => field =>
    {
        var name = field.FieldDefinition.Name;
        var parent = field.ParentType.Name;
        if (parent.StartsWith("__", StringComparison.Ordinal) || (name.StartsWith("__", StringComparison.Ordinal) && name != "__typename"))
        {
            return new FieldComplexityResult(0, 1);
        }

        var cost = standard(field);
        var minimum = TouchesStorage(parent, name) ? settings.StorageFieldCost : 1;
        return new FieldComplexityResult(Math.Max(minimum, cost.FieldImpact), cost.ChildImpactMultiplier);
    };

    private static bool TouchesStorage(string parent, string name) =>
        (parent is "Query" or "Mutation" && !name.StartsWith("__", StringComparison.Ordinal) && !InMemoryRootFields.Contains(name))
        || NestedStorageFields.Contains($"{parent}.{name}");
}
