using GraphQL.Types;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.GraphQL.Features.Plans;

public sealed class ToolType : EnumerationGraphType<Tool>
{
    public ToolType() => Name = "Tool";
}
