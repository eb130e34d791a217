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
                var command = new RegisterCommand(
                    (string)input["email"]!,
                    (string)input["password"]!,
                    input.TryGetValue("displayName", out var name) ? (string?)name : null,
                    input.TryGetValue("locale", out var locale) ? (string?)locale : null,
                    SignInRequest.AcceptLanguageOf(c),
                    SignInRequest.DeviceOf(c));
                return Payload<AuthSession>.From(await c.Service<Register>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<AuthPayloadType>>("login")
            .Argument<NonNullGraphType<LoginInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var command = new LoginCommand((string)input["email"]!, (string)input["password"]!, SignInRequest.DeviceOf(c));
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
            .Description("Signs in with Google, Facebook or TikTok: the server exchanges the code. An existing account with the same email is "
                + "linked only when the provider verified the email and the account's email was verified before; otherwise ACCOUNT_EXISTS (sign in, then linkOAuthProvider).")
            .Argument<NonNullGraphType<SignInWithOAuthInputType>>("input")
            .ResolveAsync(async c => Payload<AuthSession>.From(
                await c.Service<SignInWithOAuth>().HandleAsync(OAuthCodeInput.From(c.Input()), SignInRequest.DeviceOf(c), SignInRequest.AcceptLanguageOf(c), c.CancellationToken)));

        mutation.Field<NonNullGraphType<LinkOAuthProviderPayloadType>>("linkOAuthProvider")
            .Description("Adds a Google, Facebook or TikTok account as a way to sign in to the signed-in user's account; a provider that verified the account's email marks it verified.")
            .Argument<NonNullGraphType<LinkOAuthProviderInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new LinkOAuthProviderCommand(user.Id, OAuthCodeInput.From(c.Input()));
                return Payload<Domain.Accounts.User>.From(await c.Service<LinkOAuthProvider>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UnlinkOAuthProviderPayloadType>>("unlinkOAuthProvider")
            .Description("Removes a provider from the signed-in user's ways to sign in; refused (LAST_SIGN_IN_METHOD) when the account has no password and no other provider.")
            .Argument<NonNullGraphType<UnlinkOAuthProviderInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new UnlinkOAuthProviderCommand(user.Id, (OAuthProvider)c.Input()["provider"]!);
                return Payload<Domain.Accounts.User>.From(await c.Service<UnlinkOAuthProvider>().HandleAsync(command, c.CancellationToken));
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
