using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Plans;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Admins find users (users). FORBIDDEN for everyone else.</summary>
public static class AdminUserQueries
{
    public static void AddAdminUserQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<UserConnectionType>>("users")
            .Description($"Admins only: find users by a case-insensitive prefix of the email or display name (at most {FindUsers.MaxSearchLength} characters), "
                + $"newest first ({FindUsers.DefaultPageSize} by default, at most {FindUsers.MaxPageSize}).")
            .Argument<StringGraphType>("search")
            .Argument<TierType>("tier")
            .Argument<UserStatusType>("status")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .RequireAdmin()
            .ResolveAsync(async c =>
            {
                var after = c.GetArgument<string?>("after");
                var cursor = after is null ? null : UserCursor.Decode(after);
                if (after is not null && cursor is null)
                {
                    throw new ExecutionError("after: not a cursor returned by users.") { Code = ErrorCodes.BadUserInput };
                }

                var query = new FindUsersQuery(c.GetArgument<string?>("search"), c.GetArgument<Tier?>("tier"), c.GetArgument<UserStatus?>("status"), c.GetArgument<int?>("first"), cursor);
                var page = await c.Service<FindUsers>().HandleAsync(query, c.CancellationToken);
                return page.IsSuccess ? page.Value : throw new ExecutionError(page.Error!.Message) { Code = ErrorCodes.BadUserInput };
            });
}
