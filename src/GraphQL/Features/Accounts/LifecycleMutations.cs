using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

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
                var email = c.Input<EmailInput>().Email;
                await MailLimits.CheckAsync(c, email);
                return Payload<bool>.From(await c.Service<RequestEmailVerification>().HandleAsync(email, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<VerifyEmailPayloadType>>("verifyEmail")
            .Description("Anonymous or signed-in: confirms an address (a new one after changeEmail).")
            .Argument<NonNullGraphType<VerifyEmailInputType>>("input")
            .ResolveAsync(async c => Payload<User>.From(
                await c.Service<VerifyEmail>().HandleAsync(c.Input<VerifyEmailInput>().Token, c.CancellationToken)));

        mutation.Field<NonNullGraphType<OkPayloadType>>("requestPasswordReset")
            .Description("Anonymous. The same answer whether or not the address has an account.")
            .Argument<NonNullGraphType<RequestPasswordResetInputType>>("input")
            .ResolveAsync(async c =>
            {
                var email = c.Input<EmailInput>().Email;
                await MailLimits.CheckAsync(c, email);
                return Payload<bool>.From(await c.Service<RequestPasswordReset>().HandleAsync(email, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("resetPassword")
            .Description("Anonymous. Ends every session of the user and voids older access tokens.")
            .Argument<NonNullGraphType<ResetPasswordInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.Input<ResetPasswordInput>();
                var command = new ResetPasswordCommand(input.Token, input.NewPassword);
                return Payload<bool>.From(await c.Service<ResetPassword>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("changePassword")
            .Description("Ends every other session; voids every older access token (this session's too: its refresh token keeps working).")
            .Argument<NonNullGraphType<ChangePasswordInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input<ChangePasswordInput>();
                var user = await c.SignedInUserAsync();
                var command = new ChangePasswordCommand(user.Id, CurrentUser.SessionIdOf(c.User), input.CurrentPassword, input.NewPassword);
                return Payload<bool>.From(await c.Service<ChangePassword>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("changeEmail")
            .Description("Mails the new address; the change happens when it is verified there.")
            .Argument<NonNullGraphType<ChangeEmailInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input<ChangeEmailInput>();
                var user = await c.SignedInUserAsync();
                await MailLimits.CheckAsync(c, input.NewEmail);
                var command = new ChangeEmailCommand(user.Id, input.NewEmail, input.CurrentPassword);
                return Payload<bool>.From(await c.Service<ChangeEmail>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UpdateProfilePayloadType>>("updateProfile")
            .Argument<NonNullGraphType<UpdateProfileInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input<UpdateProfileInput>();
                var user = await c.SignedInUserAsync();
                var command = new UpdateProfileCommand(user.Id, input.DisplayName, input.Locale);
                return Payload<User>.From(await c.Service<UpdateProfile>().HandleAsync(command, c.CancellationToken));
            });

        mutation.Field<NonNullGraphType<OkPayloadType>>("revokeSession")
            .Argument<NonNullGraphType<RevokeSessionInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var user = await c.SignedInUserAsync();
                var sessionId = GlobalId.Decode(c.Input<RevokeSessionInput>().SessionId, SessionType.TypeName, "sessionId");
                return sessionId.Error is { } notASession
                    ? Payload<bool>.Failed(notASession)
                    : Payload<bool>.From(await c.Service<Sessions>().RevokeAsync(user.Id, sessionId.Value, c.CancellationToken));
            });
    }
}
