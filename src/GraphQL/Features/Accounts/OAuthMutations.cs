using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>Signing in with Google, Facebook or TikTok, and linking or unlinking them.</summary>
public static class OAuthMutations
{
    public static void AddOAuthMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AuthPayloadType>>("signInWithOAuth")
            .Description("Signs in with Google, Facebook or TikTok: the server exchanges the code. An existing account with the same email is "
                + "linked only when the provider verified the email and the account's email was verified before; otherwise ACCOUNT_EXISTS (sign in, then linkOAuthProvider).")
            .Argument<NonNullGraphType<SignInWithOAuthInputType>>("input")
            .ResolveAsync(async c => Payload<AuthSession>.From(await c.Service<SignInWithOAuth>().HandleAsync(
                c.Input<OAuthCode>(), SignInRequest.DeviceOf(c), SignInRequest.AcceptLanguageOf(c), c.CancellationToken)));

        mutation.Field<NonNullGraphType<LinkOAuthProviderPayloadType>>("linkOAuthProvider")
            .Description("Adds a Google, Facebook or TikTok account as a way to sign in to the signed-in user's account; a provider that verified the account's email marks it verified.")
            .Argument<NonNullGraphType<LinkOAuthProviderInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new LinkOAuthProviderCommand(user.Id, c.Input<OAuthCode>());
                return Payload<User>.From(await c.Service<LinkOAuthProvider>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UnlinkOAuthProviderPayloadType>>("unlinkOAuthProvider")
            .Description("Removes a provider from the signed-in user's ways to sign in; refused (LAST_SIGN_IN_METHOD) when the account has no password and no other provider.")
            .Argument<NonNullGraphType<UnlinkOAuthProviderInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var command = new UnlinkOAuthProviderCommand(user.Id, c.Input<UnlinkOAuthProviderInput>().Provider);
                return Payload<User>.From(await c.Service<UnlinkOAuthProvider>().HandleAsync(command, c.CancellationToken));
            });
    }
}
