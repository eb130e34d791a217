using System.Text;
using GraphQL;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Schema;

/// <summary>Opaque global ids: base64 of "Type:guid", so node(id:) can resolve any of them.</summary>
public static class GlobalId
{
    public static string Encode(string typeName, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{id:N}"));

    /// <summary>The id, or null for anything that is not an id of <paramref name="expectedType"/> (for fields that answer null then).</summary>
    public static Guid? Decode(string globalId, string expectedType) =>
        Parse(globalId) is { } parsed && parsed.Type == expectedType ? parsed.Id : null;

    /// <summary>The id given in <paramref name="field"/>, or the one error for a value that is not an id of <paramref name="expectedType"/>.</summary>
    public static Result<Guid> Decode(string globalId, string expectedType, string field) =>
        Decode(globalId, expectedType) is { } id ? Result<Guid>.Success(id) : Error.Validation(field, $"is not a {expectedType} id.");

    /// <summary>The id in an argument; the same error as BAD_USER_INPUT when it is not one (for fields without a payload).</summary>
    public static Guid DecodeArgument(IResolveFieldContext context, string argument, string expectedType)
    {
        var id = Decode(context.GetArgument<string>(argument), expectedType, argument);
        return id.IsSuccess ? id.Value : throw new ExecutionError(id.Error!.Message) { Code = ErrorCodes.BadUserInput };
    }

    public static (string Type, Guid Id)? Parse(string globalId)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(globalId));
            var separator = text.IndexOf(':');
            return separator > 0 && Guid.TryParse(text[(separator + 1)..], out var id) ? (text[..separator], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
