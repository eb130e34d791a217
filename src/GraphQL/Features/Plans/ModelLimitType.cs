using GraphQL.Types;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.GraphQL.Features.Plans;

public sealed record ModelLimit(MusicModel Model, int Limit);

public sealed class ModelLimitType : ObjectGraphType<ModelLimit>
{
    public ModelLimitType()
    {
        Name = "ModelLimit";
        Description = "A lifetime limit on one model (FREE: 3 on V3_5, 2 on V5).";
        Field<NonNullGraphType<MusicModelType>>("model").Resolve(c => c.Source.Model);
        Field<NonNullGraphType<IntGraphType>>("limit").Resolve(c => c.Source.Limit);
    }
}
