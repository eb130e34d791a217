using GraphQL;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Execution;

public static class ResolveContextExtensions
{
    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    public static Task<Domain.Accounts.User?> CurrentUserAsync(this IResolveFieldContext context) =>
        context.Service<CurrentUser>().GetAsync(context.User!, context.CancellationToken);

    /// <summary>The signed-in user, or UNAUTHENTICATED (for stream resolvers, which field middleware does not wrap).</summary>
    public static async Task<Domain.Accounts.User> SignedInUserAsync(this IResolveFieldContext context) =>
        await context.CurrentUserAsync()
        ?? throw new ExecutionError($"Sign in to use '{context.FieldDefinition.Name}'.") { Code = ErrorCodes.Unauthenticated };
}
