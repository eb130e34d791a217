using GraphQL.Types;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.GraphQL.Features.Plans;

public sealed class MusicModelType : EnumerationGraphType
{
    public MusicModelType()
    {
        Name = "MusicModel";
        // Named by hand: the default case conversion would write V3_5 as V_3_5.
        Add("V3_5", MusicModel.V3_5);
        Add("V5", MusicModel.V5);
    }
}
