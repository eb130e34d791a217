using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;
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
                var input = c.Input();
                var command = new RegisterCommand((string)input["email"]!, (string)input["password"]!, input.TryGetValue("displayName", out var name) ? (string?)name : null);
                return Payload<AuthSession>.From(await c.Service<Register>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<AuthPayloadType>>("login")
            .Argument<NonNullGraphType<LoginInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var command = new LoginCommand((string)input["email"]!, (string)input["password"]!);
                return Payload<AuthSession>.From(await c.Service<Login>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<AuthPayloadType>>("refreshToken")
            .Description("Trades a refresh token for a new session; the old token stops working.")
            .Argument<NonNullGraphType<RefreshTokenInputType>>("input")
            .ResolveAsync(async c => Payload<AuthSession>.From(
                await c.Service<RefreshSession>().HandleAsync((string)c.Input()["refreshToken"]!, c.CancellationToken)));

        mutation.Field<NonNullGraphType<LogoutPayloadType>>("logout")
            .Argument<NonNullGraphType<LogoutInputType>>("input")
            .ResolveAsync(async c => Payload<bool>.From(
                await c.Service<Logout>().HandleAsync((string)c.Input()["refreshToken"]!, c.CancellationToken)));

        mutation.Field<NonNullGraphType<AuthPayloadType>>("signInWithOAuth")
            .Description("Signs in with Google, Facebook or TikTok: the server exchanges the code; a verified email links to the existing account.")
            .Argument<NonNullGraphType<SignInWithOAuthInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var command = new SignInWithOAuthCommand(
                    (OAuthProvider)input["provider"]!, (string)input["code"]!, (string)input["redirectUri"]!,
                    input.TryGetValue("codeVerifier", out var verifier) ? (string?)verifier : null);
                return Payload<AuthSession>.From(await c.Service<SignInWithOAuth>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<SetUserTierPayloadType>>("setUserTier")
            .Description("Admins only.")
            .Argument<NonNullGraphType<SetUserTierInputType>>("input")
            .RequireTool(Tool.AdminPanel)
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                if (GlobalId.Decode(input["userId"]!.ToString()!, UserType.TypeName) is not { } userId)
                {
                    return new Payload<Domain.Accounts.User>(null, [Error.Validation("userId", "is not a User id.")]);
                }

                var command = new SetUserTierCommand(userId, (Tier)input["tier"]!);
                return Payload<Domain.Accounts.User>.From(await c.Service<SetUserTier>().HandleAsync(command, c.CancellationToken));
            });
    }
}
