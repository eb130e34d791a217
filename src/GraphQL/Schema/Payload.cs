using GraphQL.Types;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Features.Errors;

/// <summary>A mutation's result: the value on success, or the expected errors.</summary>
public sealed record Payload<T>(T? Value, IReadOnlyList<Error> Errors)
{
    public static Payload<T> From(Result<T> result) =>
        result.IsSuccess ? new(result.Value, []) : new(default, [result.Error!]);
}

public static class PayloadFields
{
    public static void AddErrorsField<T>(this ObjectGraphType<Payload<T>> payload) =>
        payload.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorInterface>>>>("errors").Resolve(c => c.Source.Errors);
}
