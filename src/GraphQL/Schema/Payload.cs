using GraphQL;
using GraphQL.Types;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Schema;

/// <summary>A mutation's result: the value on success, or the expected errors.</summary>
public sealed record Payload<T>(T? Value, IReadOnlyList<Error> Errors)
{
    public static Payload<T> From(Result<T> result) =>
        result.IsSuccess ? new(result.Value, []) : Failed(result.Error!);

    public static Payload<T> Failed(Error error) => new(default, [error]);
}

public static class PayloadFields
{
    public static void AddErrorsField<T>(this ObjectGraphType<Payload<T>> payload) =>
        payload.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorInterface>>>>("errors").Resolve(c => c.Source.Errors);

    /// <summary>The mutation's one <c>input</c> argument, as the record its input type parses to.</summary>
    public static T Input<T>(this IResolveFieldContext context) => context.GetArgument<T>("input");
}
