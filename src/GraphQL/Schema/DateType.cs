using GraphQL.Types;

namespace Son1kVers3.GraphQL.Schema;

/// <summary>The contract's <c>Date</c> scalar: a calendar day as YYYY-MM-DD.</summary>
public sealed class DateType : DateOnlyGraphType
{
    public DateType()
    {
        Name = "Date";
        Description = "A calendar day in ISO-8601 form, YYYY-MM-DD (UTC days for counters and the pool).";
    }
}
