using GraphQL;
using GraphQL.Builders;
using GraphQL.Instrumentation;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// Authorization declared on fields: <c>.RequireSignIn()</c>, <c>.RequireTool(Tool.AdminPanel)</c> or
/// <c>.RequireAdmin()</c> (the ADMIN role itself: an ENTERPRISE plan's ADMIN_PANEL tool is not enough).
/// Anonymous access gives UNAUTHENTICATED; a missing tool or role gives FORBIDDEN.
/// </summary>
public static class Authorization
{
    private const string SignInKey = "auth:signIn";
    private const string ToolKey = "auth:tool";
    private const string AdminKey = "auth:admin";

    public static FieldBuilder<TSource, TReturn> RequireSignIn<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.WithMetadata(SignInKey, true);

    public static FieldBuilder<TSource, TReturn> RequireTool<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Tool tool) =>
        field.WithMetadata(SignInKey, true).WithMetadata(ToolKey, tool);

    public static FieldBuilder<TSource, TReturn> RequireAdmin<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.WithMetadata(SignInKey, true).WithMetadata(AdminKey, true);

    /// <summary>Whether the field declares any of these (only such fields get the <see cref="FieldMiddleware"/>, see <see cref="FieldGuards"/>).</summary>
    public static bool Concerns(global::GraphQL.Types.FieldType field) => field.GetMetadata(SignInKey, false);

    public sealed class FieldMiddleware : IFieldMiddleware
    {
        public static readonly FieldMiddleware Instance = new();

        /// <summary>A field that needs no sign-in goes straight through (no async state machine per field).</summary>
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next) =>
            context.FieldDefinition.GetMetadata(SignInKey, false) ? SignedInAsync(context, next) : next(context);

        private static async ValueTask<object?> SignedInAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
        {
            var field = context.FieldDefinition;
            var user = await context.SignedInUserAsync();
            if (field.GetMetadata<Tool?>(ToolKey, (Tool?)null) is { } tool && !user.Tools.Contains(tool))
            {
                throw new ExecutionError($"'{field.Name}' needs the {ToolName(tool)} tool, which your plan does not include.") { Code = ErrorCodes.Forbidden };
            }

            if (field.GetMetadata(AdminKey, false) && user.Role != Domain.Accounts.Role.Admin)
            {
                throw new ExecutionError($"'{field.Name}' is for admins only.") { Code = ErrorCodes.Forbidden };
            }

            return await next(context);
        }

        private static string ToolName(Tool tool) => string.Concat(tool.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
    }
}
