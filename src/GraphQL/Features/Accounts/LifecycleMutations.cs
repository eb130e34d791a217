using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>The account lifecycle: verification and password reset (anonymous); password, email and profile changes.</summary>
public static class LifecycleMutations
{
    public static void AddLifecycleMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<OkPayloadType>>("requestEmailVerification")
            .Description("Anonymous. The same answer whether or not the address has an account (or is already verified).")
            .Argument<NonNullGraphType<RequestEmailVerificationInputType>>("input")
            .ResolveAsync(async c =>
            {
                var email = (string)c.Input()["email"]!;
                await MailLimits.CheckAsync(c, email);
                return Payload<bool>.From(await c.Service<RequestEmailVerification>().HandleAsync(email, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<VerifyEmailPayloadType>>("verifyEmail")
            .Description("Anonymous or signed-in: confirms an address (a new one after changeEmail).")
            .Argument<NonNullGraphType<VerifyEmailInputType>>("input")
            .ResolveAsync(async c => Payload<Domain.Accounts.User>.From(
                await c.Service<VerifyEmail>().HandleAsync((string)c.Input()["token"]!, c.CancellationToken)));

        mutation.Field<NonNullGraphType<OkPayloadType>>("requestPasswordReset")
            .Description("Anonymous. The same answer whether or not the address has an account.")
            .Argument<NonNullGraphType<RequestPasswordResetInputType>>("input")
            .ResolveAsync(async c =>
            {
                var email = (string)c.Input()["email"]!;
                await MailLimits.CheckAsync(c, email);
                return Payload<bool>.From(await c.Service<RequestPasswordReset>().HandleAsync(email, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("resetPassword")
            .Description("Anonymous. Ends every session of the user and voids older access tokens.")
            .Argument<NonNullGraphType<ResetPasswordInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var command = new ResetPasswordCommand((string)input["token"]!, (string)input["newPassword"]!);
                return Payload<bool>.From(await c.Service<ResetPassword>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("changePassword")
            .Description("Ends every other session; voids every older access token (this session's too: its refresh token keeps working).")
            .Argument<NonNullGraphType<ChangePasswordInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var user = await c.SignedInUserAsync();
                var command = new ChangePasswordCommand(user.Id, CurrentUser.SessionIdOf(c.User), (string)input["currentPassword"]!, (string)input["newPassword"]!);
                return Payload<bool>.From(await c.Service<ChangePassword>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("changeEmail")
            .Description("Mails the new address; the change happens when it is verified there.")
            .Argument<NonNullGraphType<ChangeEmailInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var user = await c.SignedInUserAsync();
                var newEmail = (string)input["newEmail"]!;
                await MailLimits.CheckAsync(c, newEmail);
                var command = new ChangeEmailCommand(user.Id, newEmail, (string)input["currentPassword"]!);
                return Payload<bool>.From(await c.Service<ChangeEmail>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UpdateProfilePayloadType>>("updateProfile")
            .Argument<NonNullGraphType<UpdateProfileInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var user = await c.SignedInUserAsync();
                var command = new UpdateProfileCommand(
                    user.Id,
                    input.TryGetValue("displayName", out var name) ? (string?)name : null,
                    input.TryGetValue("locale", out var locale) ? (string?)locale : null);
                return Payload<Domain.Accounts.User>.From(await c.Service<UpdateProfile>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("revokeSession")
            .Argument<NonNullGraphType<RevokeSessionInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                if (Schema.GlobalId.Decode(c.Input()["sessionId"]!.ToString()!, SessionType.TypeName) is not { } sessionId)
                {
                    return new Payload<bool>(false, [Domain.Common.Error.Validation("sessionId", "is not a Session id.")]);
                }

                return Payload<bool>.From(await c.Service<Sessions>().RevokeAsync(user.Id, sessionId, c.CancellationToken));
            });
    }
}
