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

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(this);

    async ValueTask INodeVisitor.EnterAsync(ASTNode node, ValidationContext context)
    {
        if (node is GraphQLField field && (field.Name.Value == "__schema" || field.Name.Value == "__type") && !await IsAdminAsync(context))
        {
            context.ReportError(new NoIntrospectionError(context.Document.Source, field));
        }
    }

    ValueTask INodeVisitor.LeaveAsync(ASTNode node, ValidationContext context) => default;

    private static async Task<bool> IsAdminAsync(ValidationContext context) =>
        context is { User: { } principal, RequestServices: { } services }
        && CurrentUser.IdOf(principal) is not null
        && await services.GetRequiredService<CurrentUser>().GetAsync(principal, context.CancellationToken) is { Role: Role.Admin };
}
