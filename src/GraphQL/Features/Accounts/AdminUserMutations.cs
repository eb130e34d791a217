using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Admins stop or readmit users (suspendUser, unsuspendUser). FORBIDDEN for everyone else.</summary>
public static class AdminUserMutations
{
    public static void AddAdminUserMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UserPayloadType>>("suspendUser")
            .Description("Admins only: the user can no longer sign in (ACCOUNT_SUSPENDED); every session ends and every access token and open socket is voided at once.")
            .Argument<NonNullGraphType<SuspendUserInputType>>("input")
            .RequireAdmin()
            .ResolveAsync(async c =>
            {
                var input = c.Input<SuspendUserInput>();
                var userId = GlobalId.Decode(input.UserId, UserType.TypeName, "userId");
                if (userId.Error is { } notAUser)
                {
                    return Payload<User>.Failed(notAUser);
                }

                var admin = await c.SignedInUserAsync();
                var command = new SuspendUserCommand(admin.Id, userId.Value, input.Reason);
                return Payload<User>.From(await c.Service<SuspendUser>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UserPayloadType>>("unsuspendUser")
            .Description("Admins only: the user may sign in again.")
            .Argument<NonNullGraphType<UnsuspendUserInputType>>("input")
            .RequireAdmin()
            .ResolveAsync(async c =>
            {
                var userId = GlobalId.Decode(c.Input<UnsuspendUserInput>().UserId, UserType.TypeName, "userId");
                return userId.Error is { } notAUser
                    ? Payload<User>.Failed(notAUser)
                    : Payload<User>.From(await c.Service<UnsuspendUser>().HandleAsync(userId.Value, c.CancellationToken));
            });
    }
}
