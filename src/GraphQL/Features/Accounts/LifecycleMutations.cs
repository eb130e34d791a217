using GraphQL.Types;
using Son1kVers3.Application.Accounts;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;

namespace Son1kVers3.GraphQL.Features.Accounts;

/// <summary>The account lifecycle: verification, password reset (anonymous).</summary>
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
    }
}
