using System.ComponentModel;
using System.Reflection;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.GraphQL.Schema;

/// <summary>The codes of <see cref="ErrorCodes"/> with their one-line descriptions, as the schema documents them.</summary>
public static class ErrorCodeCatalogue
{
    public static IReadOnlyList<(string Code, string Description)> All { get; } =
    [
        .. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => ((string)f.GetRawConstantValue()!, f.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "")),
    ];

    /// <summary>The description of UserError.code: every code a client can receive, one line each.</summary>
    public static string Description { get; } =
        "A stable SCREAMING_CASE code. The same catalogue serves `extensions.code` of GraphQL errors and `error.code` of refused HTTP requests:\n"
        + string.Join("\n", All.Select(c => $"- {c.Code}: {c.Description}"));
}
