using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Leaving (DOMAIN.md §7): deleting the account.</summary>
public static class LeavingMutations
{
    public static void AddLeavingMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<OkPayloadType>>("deleteAccount")
            .Description("Erases the account (the password, or for an OAuth-only account a sign-in within 10 minutes); cancels a live subscription first.")
            .Argument<NonNullGraphType<DeleteAccountInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new DeleteAccountCommand(user.Id, CurrentUser.SessionIdOf(c.User), c.Input<DeleteAccountInput>().Password);
                return Payload<bool>.From(await c.Service<DeleteAccount>().HandleAsync(command, c.CancellationToken));
            });
}
