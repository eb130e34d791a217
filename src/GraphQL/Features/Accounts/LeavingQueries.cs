using GraphQL.Types;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Leaving (DOMAIN.md §7): exporting one's data.</summary>
public static class LeavingQueries
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
}
