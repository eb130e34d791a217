using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Leaving (DOMAIN.md §7): exporting one's data, deleting the account.</summary>
public static class LeavingFields
{
    public static void AddLeavingQueries(this ObjectGraphType query) =>
        query.Field<DataExportType>("myDataExport")
            .Description("A signed link (15 minutes) to one JSON file of everything held about the signed-in user.")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                return c.Service<Media.MediaLinks>().DataExport(user.Id);
            });

    public static void AddLeavingMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<OkPayloadType>>("deleteAccount")
            .Description("Erases the account (the password, or for an OAuth-only account a sign-in within 10 minutes); cancels a live subscription first.")
            .Argument<NonNullGraphType<DeleteAccountInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var password = c.Input().TryGetValue("password", out var given) ? (string?)given : null;
                var command = new DeleteAccountCommand(user.Id, CurrentUser.SessionIdOf(c.User), password);
                return Payload<bool>.From(await c.Service<DeleteAccount>().HandleAsync(command, c.CancellationToken));
            });
}

public sealed class DataExportType : ObjectGraphType<Media.DataExportLink>
{
    public DataExportType()
    {
        Name = "DataExport";
        Field<NonNullGraphType<StringGraphType>>("url").Description("GET it for the JSON file (an attachment); it works until expiresAt.").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<DateTimeGraphType>>("expiresAt").Resolve(c => c.Source.ExpiresAt.UtcDateTime);
    }
}

public sealed class DeleteAccountInputType : InputObjectGraphType
{
    public DeleteAccountInputType()
    {
        Name = "DeleteAccountInput";
        Field<StringGraphType>("password").Description("Required when the account has a password.");
    }
}
