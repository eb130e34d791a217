using GraphQL.Types;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.GraphQL.Features.Plans;

public sealed class MusicModelType : EnumerationGraphType<MusicModel>
{
    public MusicModelType()
    {
        Name = "MusicModel";
        foreach (var value in Values.ToList())
        {
            // V3_5 stays V3_5 (the default case conversion would write V_3_5).
            value.Name = ((MusicModel)value.Value!).ToString();
        }
    }
}
