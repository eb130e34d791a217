using GraphQL.Types;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Accounts;

public static class AccountQueries
{
    public static void AddAccountQueries(this ObjectGraphType query) =>
        query.Field<UserType>("me")
            .Description("The signed-in user; null when anonymous.")
            .ResolveAsync(async c => await c.Service<CurrentUser>().GetForDisplayAsync(c.User!, c.CancellationToken));
}
