using GraphQL.Types;
using Son1kVers3.Application.TokenPool;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Payments;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class UserType : ObjectGraphType<User>
{
    public const string TypeName = "User";

    public UserType()
    {
        Name = TypeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is Domain.Accounts.User;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("email")
            .Description("Empty for another user's account (private).")
            .ResolveAsync(async c => await c.MaySeePrivateAsync() ? c.Source.Email : "");
        Field<NonNullGraphType<BooleanGraphType>>("emailVerified")
            .Description("True once the address is confirmed: by the mailed link (verifyEmail), or by a provider that verified it (Google).")
            .ResolveAsync(async c => await c.PrivateAsync(() => Task.FromResult<object?>(c.Source.IsEmailVerified)));
        Field<NonNullGraphType<BooleanGraphType>>("hasPassword")
            .Description("False for an account that only signs in through OAuth.")
            .ResolveAsync(async c => await c.PrivateAsync(() => Task.FromResult<object?>(c.Source.PasswordHash is not null)));
        Field<NonNullGraphType<StringGraphType>>("locale").Description("es or en.")
            .ResolveAsync(async c => await c.PrivateAsync(() => Task.FromResult<object?>(c.Source.Locale)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SessionType>>>>("sessions")
            .Description("The signed-in user's own sign-in sessions (empty for anyone else's user).")
            .ResolveAsync(async c =>
            {
                Execution.Fanout.PrivateReads.Record(c.Source.Id);
                if (Execution.CurrentUser.IdOf(c.User) != c.Source.Id)
                {
                    return Array.Empty<Application.Accounts.SignInSession>();
                }

                // A scope of its own: sibling fields may run in parallel on the request's DbContext.
                await using var scope = c.RequestServices!.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<Application.Accounts.Sessions>().ListAsync(c.Source.Id, c.CancellationToken);
            });
        Field<StringGraphType>("displayName").Resolve(c => c.Source.DisplayName);
        Field<NonNullGraphType<RoleType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<TierType>>("tier").Resolve(c => c.Source.Tier);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ToolType>>>>("tools")
            .Description("The tier's tools; admins also have ADMIN_PANEL.")
            .Resolve(c => c.Source.Tools);
        Field<NonNullGraphType<Usage.UsageType>>("usage")
            .Description("Quotas and today's draw from the shared pool.")
            .ResolveAsync(async c => await c.PrivateAsync<object?>(async () =>
            {
                var (usage, today) = await c.Service<GetUsage>().HandleAsync(c.Source, c.CancellationToken);
                return new Usage.UserUsage(c.Source, usage, today);
            }));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OAuthProviderType>>>>("linkedProviders")
            .Description("The sign-in providers linked to this account.")
            .ResolveAsync(async c => await c.MaySeePrivateAsync() ? c.Service<AccountLoaders>().LinkedProviders(c.Source.Id) : Array.Empty<Domain.Accounts.OAuthProvider>());
        this.AddSubscriptionField();
        Field<UserStatusType>("status")
            .Description("Visible to admins only (null for others).")
            .ResolveAsync(async c => (await c.CurrentUserAsync())?.Role == Role.Admin ? (object?)c.Source.Status : null);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
    }
}
