using GraphQL.Types;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Schema;

public sealed class UserErrorInterface : InterfaceGraphType<Error>
{
    public UserErrorInterface()
    {
        Name = "UserError";
        Description = "An expected failure. `code` is stable SCREAMING_CASE: VALIDATION, EMAIL_TAKEN, INVALID_CREDENTIALS, INVALID_REFRESH_TOKEN, NOT_FOUND, QUOTA_EXCEEDED, …";
        Field<NonNullGraphType<StringGraphType>>("code").Description(ErrorCodeCatalogue.Description);
        Field<NonNullGraphType<StringGraphType>>("message");
    }
}

/// <summary>The one concrete UserError; <c>field</c> names the input field for VALIDATION errors.</summary>
public sealed class MutationErrorType : ObjectGraphType<Error>
{
    public MutationErrorType()
    {
        Name = "MutationError";
        Interface<UserErrorInterface>();
        Field<NonNullGraphType<StringGraphType>>("code").Description("One of the codes listed on UserError.code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
        Field<StringGraphType>("field")
            .Description("The input field at fault, for VALIDATION errors.")
            .Resolve(c => c.Source.Code == ErrorCodes.Validation && c.Source.Message.IndexOf(':') is > 0 and var i ? c.Source.Message[..i] : null);
        Field<IntGraphType>("retryAfterSeconds").Description("For RATE_LIMITED: seconds until a retry may succeed.").Resolve(c => c.Source.RetryAfterSeconds);
        Field<DateTimeGraphType>("resetsAt")
            .Description("For QUOTA_EXCEEDED, MODEL_QUOTA_EXCEEDED, ALLOCATION_EXHAUSTED and POOL_EXHAUSTED: when the quota, allocation or pool resets; null when it never does (a lifetime quota) or the refusal is momentary.")
            .Resolve(c => c.Source.ResetsAt?.UtcDateTime);
        Field<DateTimeGraphType>("until").Description("For MUTED: when the mute ends.").Resolve(c => c.Source.Until?.UtcDateTime);
        IsTypeOf = o => o is Error;
    }
}
