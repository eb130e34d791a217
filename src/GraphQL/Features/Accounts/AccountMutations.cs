using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

public static class AccountMutations
{
    public static void AddAccountMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AuthPayloadType>>("register")
            .Argument<NonNullGraphType<RegisterInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input<RegisterInput>();
                var command = new RegisterCommand(
                    input.Email, input.Password, input.DisplayName, input.Locale, SignInRequest.AcceptLanguageOf(c), SignInRequest.DeviceOf(c));
                return Payload<AuthSession>.From(await c.Service<Register>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<AuthPayloadType>>("login")
            .Argument<NonNullGraphType<LoginInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input<LoginInput>();
                var command = new LoginCommand(input.Email, input.Password, SignInRequest.DeviceOf(c));
                return Payload<AuthSession>.From(await c.Service<Login>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<AuthPayloadType>>("refreshToken")
            .Description("Trades a refresh token for a new session; the old token stops working.")
            .Argument<NonNullGraphType<RefreshTokenInputType>>("input")
            .ResolveAsync(async c => Payload<AuthSession>.From(
                await c.Service<RefreshSession>().HandleAsync(c.Input<RefreshTokenInput>().RefreshToken, c.CancellationToken)));

        mutation.Field<NonNullGraphType<LogoutPayloadType>>("logout")
            .Argument<NonNullGraphType<LogoutInputType>>("input")
            .ResolveAsync(async c => Payload<bool>.From(
                await c.Service<Logout>().HandleAsync(c.Input<RefreshTokenInput>().RefreshToken, c.CancellationToken)));

        mutation.AddOAuthMutations();

        mutation.Field<NonNullGraphType<SetUserTierPayloadType>>("setUserTier")
            .Description("Admins only.")
            .Argument<NonNullGraphType<SetUserTierInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c =>
            {
                var input = c.Input<SetUserTierInput>();
                var userId = GlobalId.Decode(input.UserId, UserType.TypeName, "userId");
                if (userId.Error is { } notAUser)
                {
                    return Payload<Domain.Accounts.User>.Failed(notAUser);
                }

                var command = new SetUserTierCommand(userId.Value, input.Tier);
                return Payload<Domain.Accounts.User>.From(await c.Service<SetUserTier>().HandleAsync(command, c.CancellationToken));
            });
    }
}
