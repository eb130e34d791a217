using GraphQL.Types;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.GraphQL.Features.TokenPool;

public sealed class TokenBucketType : ObjectGraphType<BucketFigures>
{
    public TokenBucketType()
    {
        Name = "TokenBucket";
        Field<NonNullGraphType<IntGraphType>>("base").Description("The platform's fixed daily tokens.").Resolve(c => c.Source.Base);
        Field<NonNullGraphType<IntGraphType>>("contributed").Description("Tokens added by today's unique clients.").Resolve(c => c.Source.Contributed);
        Field<NonNullGraphType<IntGraphType>>("capacity").Resolve(c => c.Source.Capacity);
        Field<NonNullGraphType<IntGraphType>>("used").Description("Tokens of finished generations.").Resolve(c => c.Source.Used);
        Field<NonNullGraphType<IntGraphType>>("reserved").Description("Tokens of generations in flight.").Resolve(c => c.Source.Reserved);
        Field<NonNullGraphType<IntGraphType>>("remaining").Resolve(c => c.Source.Remaining);
    }
}
