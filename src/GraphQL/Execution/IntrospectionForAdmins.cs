using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;
using GraphQLParser.AST;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// With GRAPHQL_INTROSPECTION off (production's default), <c>__schema</c> and <c>__type</c> are
/// refused (INTROSPECTION_DISABLED) unless the request's signed-in user is an ADMIN, so an admin
/// can use the explorer against production. The user is loaded only for a document that
/// introspects; <c>__typename</c> stays open to everyone. It runs on every request, even for a
/// cached document that an admin's request validated before.
/// </summary>
public sealed class IntrospectionForAdmins : ValidationRuleBase, INodeVisitor, IRequestDependentRule
{
    public static readonly IntrospectionForAdmins Instance = new();

    private IntrospectionForAdmins()
    {
    }

    /// <summary>Whether a prepared document can concern this rule at all (it is skipped for the others).</summary>
    public bool Concerns(PreparedDocument document) => document.Introspects;

    /// <summary>Whether the document selects <c>__schema</c> or <c>__type</c> anywhere (operations and fragments alike).</summary>
    public static bool Selects(GraphQLDocument document) =>
        document.Definitions.Any(d => d is IHasSelectionSetNode { SelectionSet: { } set } && Selects(set));

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(this);

    async ValueTask INodeVisitor.EnterAsync(ASTNode node, ValidationContext context)
    {
        if (node is GraphQLField field && IsIntrospection(field) && !await IsAdminAsync(context))
        {
            context.ReportError(new NoIntrospectionError(context.Document.Source, field));
        }
    }

    ValueTask INodeVisitor.LeaveAsync(ASTNode node, ValidationContext context) => default;

    private static bool Selects(GraphQLSelectionSet set) => set.Selections.Any(selection => selection switch
    {
        GraphQLField field => IsIntrospection(field) || (field.SelectionSet is { } inner && Selects(inner)),
        GraphQLInlineFragment inline => Selects(inline.SelectionSet),
        _ => false, // a fragment spread: its definition is looked at on its own
    });

    private static bool IsIntrospection(GraphQLField field) => field.Name.Value == "__schema" || field.Name.Value == "__type";

    private static async Task<bool> IsAdminAsync(ValidationContext context) =>
        context is { User: { } principal, RequestServices: { } services }
        && CurrentUser.IdOf(principal) is not null
        && await services.GetRequiredService<CurrentUser>().GetAsync(principal, context.CancellationToken) is { Role: Role.Admin };
}
