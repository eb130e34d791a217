using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Admins find users (users) and stop or readmit them (suspendUser, unsuspendUser). FORBIDDEN for everyone else.</summary>
public static class AdminUserFields
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
                    throw new ExecutionError("after: not a cursor returned by users.") { Code = "BAD_USER_INPUT" };
                }

                var query = new FindUsersQuery(c.GetArgument<string?>("search"), c.GetArgument<Tier?>("tier"), c.GetArgument<UserStatus?>("status"), c.GetArgument<int?>("first"), cursor);
                var page = await c.Service<FindUsers>().HandleAsync(query, c.CancellationToken);
                return page.IsSuccess ? page.Value : throw new ExecutionError(page.Error!.Message) { Code = "BAD_USER_INPUT" };
            });

    public static void AddAdminUserMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UserPayloadType>>("suspendUser")
            .Description("Admins only: the user can no longer sign in (ACCOUNT_SUSPENDED); every session ends and every access token and open socket is voided at once.")
            .Argument<NonNullGraphType<SuspendUserInputType>>("input")
            .RequireAdmin()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                if (UserIdOf(input) is not { } userId)
                {
                    return NotAUserId();
                }

                var admin = await c.SignedInUserAsync();
                var command = new SuspendUserCommand(admin.Id, userId, (string)input["reason"]!);
                return Payload<User>.From(await c.Service<SuspendUser>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UserPayloadType>>("unsuspendUser")
            .Description("Admins only: the user may sign in again.")
            .Argument<NonNullGraphType<UnsuspendUserInputType>>("input")
            .RequireAdmin()
            .ResolveAsync(async c => UserIdOf(c.Input()) is { } userId
                ? Payload<User>.From(await c.Service<UnsuspendUser>().HandleAsync(userId, c.CancellationToken))
                : NotAUserId());
    }

    private static Guid? UserIdOf(IDictionary<string, object?> input) => GlobalId.Decode(input["userId"]!.ToString()!, UserType.TypeName);

    private static Payload<User> NotAUserId() => new(null, [Error.Validation("userId", "is not a User id.")]);
}

public sealed class UserPayloadType : ObjectGraphType<Payload<User>>
{
    public UserPayloadType()
    {
        Name = "UserPayload";
        Field<UserType>("user").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed class SuspendUserInputType : InputObjectGraphType
{
    public SuspendUserInputType()
    {
        Name = "SuspendUserInput";
        Field<NonNullGraphType<IdGraphType>>("userId");
        Field<NonNullGraphType<StringGraphType>>("reason").Description($"Why (1 to {User.MaxSuspensionReasonLength} characters); kept for admins.");
    }
}

public sealed class UnsuspendUserInputType : InputObjectGraphType
{
    public UnsuspendUserInputType()
    {
        Name = "UnsuspendUserInput";
        Field<NonNullGraphType<IdGraphType>>("userId");
    }
}
