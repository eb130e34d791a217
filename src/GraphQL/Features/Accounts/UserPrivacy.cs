using GraphQL;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>
/// A user's private fields (email, usage, sign-in methods, subscription, account settings) are for
/// that user and admins only. A signed-in user who reaches another user (a chat message's author)
/// sees the public profile: email as "" (as GitHub answers a private email), empty lists, null subscription, and
/// FORBIDDEN for the rest.
/// </summary>
public static class UserPrivacy
{
    public static async Task<bool> MaySeePrivateAsync(this IResolveFieldContext<User> context)
    {
        var viewer = CurrentUser.IdOf(context.User);
        if (viewer is null)
        {
            // Anonymous requests reach a User only as the payload of their own sign-in, registration
            // or verification (chat needs a sign-in; node(id) shows users only to themselves and admins).
            return true;
        }

        Execution.Fanout.PrivateReads.Record(context.Source.Id); // the answer depends on who the viewer is
        return viewer == context.Source.Id || (await context.CurrentUserAsync())?.Role == Role.Admin;
    }

    /// <summary>The value for the user themself or an admin; FORBIDDEN for anyone else.</summary>
    public static async Task<T> PrivateAsync<T>(this IResolveFieldContext<User> context, Func<Task<T>> value) =>
        await context.MaySeePrivateAsync()
            ? await value()
            : throw new ExecutionError($"'{context.FieldDefinition.Name}' of another user is private.") { Code = ErrorCodes.Forbidden };
}
