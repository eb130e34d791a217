using GraphQL.Types;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Accounts;

public sealed class OkPayloadType : ObjectGraphType<Payload<bool>>
{
    public OkPayloadType()
    {
        Name = "OkPayload";
        Field<NonNullGraphType<BooleanGraphType>>("ok").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed class VerifyEmailPayloadType : ObjectGraphType<Payload<Domain.Accounts.User>>
{
    public VerifyEmailPayloadType()
    {
        Name = "VerifyEmailPayload";
        Field<UserType>("user").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

/// <summary>The input of requestEmailVerification and of requestPasswordReset.</summary>
public sealed record EmailInput(string Email);

public sealed class RequestEmailVerificationInputType : InputObjectGraphType<EmailInput>
{
    public RequestEmailVerificationInputType()
    {
        Name = "RequestEmailVerificationInput";
        Field<NonNullGraphType<StringGraphType>>("email");
    }
}

public sealed record VerifyEmailInput(string Token);

public sealed class VerifyEmailInputType : InputObjectGraphType<VerifyEmailInput>
{
    public VerifyEmailInputType()
    {
        Name = "VerifyEmailInput";
        Field<NonNullGraphType<StringGraphType>>("token");
    }
}

public sealed class RequestPasswordResetInputType : InputObjectGraphType<EmailInput>
{
    public RequestPasswordResetInputType()
    {
        Name = "RequestPasswordResetInput";
        Field<NonNullGraphType<StringGraphType>>("email");
    }
}

public sealed record ResetPasswordInput(string Token, string NewPassword);

public sealed class ResetPasswordInputType : InputObjectGraphType<ResetPasswordInput>
{
    public ResetPasswordInputType()
    {
        Name = "ResetPasswordInput";
        Field<NonNullGraphType<StringGraphType>>("token");
        Field<NonNullGraphType<StringGraphType>>("newPassword");
    }
}

public sealed class UpdateProfilePayloadType : ObjectGraphType<Payload<Domain.Accounts.User>>
{
    public UpdateProfilePayloadType()
    {
        Name = "UpdateProfilePayload";
        Field<UserType>("user").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public sealed record ChangePasswordInput(string CurrentPassword, string NewPassword);

public sealed class ChangePasswordInputType : InputObjectGraphType<ChangePasswordInput>
{
    public ChangePasswordInputType()
    {
        Name = "ChangePasswordInput";
        Field<NonNullGraphType<StringGraphType>>("currentPassword");
        Field<NonNullGraphType<StringGraphType>>("newPassword");
    }
}

public sealed record ChangeEmailInput(string NewEmail, string CurrentPassword);

public sealed class ChangeEmailInputType : InputObjectGraphType<ChangeEmailInput>
{
    public ChangeEmailInputType()
    {
        Name = "ChangeEmailInput";
        Field<NonNullGraphType<StringGraphType>>("newEmail");
        Field<NonNullGraphType<StringGraphType>>("currentPassword");
    }
}

public sealed record UpdateProfileInput(string? DisplayName, string? Locale);

public sealed class UpdateProfileInputType : InputObjectGraphType<UpdateProfileInput>
{
    public UpdateProfileInputType()
    {
        Name = "UpdateProfileInput";
        Field<StringGraphType>("displayName");
        Field<StringGraphType>("locale");
    }
}

public sealed class SessionType : ObjectGraphType<Application.Accounts.SignInSession>
{
    public const string TypeName = "Session";

    public SessionType()
    {
        Name = TypeName;
        Description = "One sign-in session (a refresh-token family).";
        Interface<Schema.NodeInterface>();
        IsTypeOf = o => o is Application.Accounts.SignInSession;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => Schema.GlobalId.Encode(TypeName, c.Source.Id));
        Field<StringGraphType>("userAgent")
            .Description($"The User-Agent of the sign-in (at most {Domain.Accounts.SignInDevice.MaxUserAgentLength} characters); null when none was sent.")
            .Resolve(c => c.Source.UserAgent);
        Field<StringGraphType>("country")
            .Description("The sign-in's country (ISO 3166 alpha-2) as a trusted edge proxy told it (CF-IPCountry); null when unknown.")
            .Resolve(c => c.Source.Country);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("lastUsedAt").Resolve(c => c.Source.LastUsedAt.UtcDateTime);
        Field<NonNullGraphType<BooleanGraphType>>("current")
            .Description("True for the session of the access token making this request.")
            .Resolve(c => Execution.CurrentUser.SessionIdOf(c.User) == c.Source.Id);
    }
}

public sealed record RevokeSessionInput(string SessionId);

public sealed class RevokeSessionInputType : InputObjectGraphType<RevokeSessionInput>
{
    public RevokeSessionInputType()
    {
        Name = "RevokeSessionInput";
        Field<NonNullGraphType<IdGraphType>>("sessionId");
    }
}
