using GraphQL.Types;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.TokenPool;

public sealed class TokenPoolType : ObjectGraphType<DailyPool>
{
    public TokenPoolType()
    {
        Name = "TokenPool";
        Description = "The shared token pool of one UTC day: FREE = base + 7 × U, PAID = base + 3 × U.";
        Field<NonNullGraphType<DateType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<IntGraphType>>("uniqueClients").Resolve(c => c.Source.UniqueClients);
        Field<NonNullGraphType<TokenBucketType>>("free").Resolve(c => c.Source.Free);
        Field<NonNullGraphType<TokenBucketType>>("paid").Resolve(c => c.Source.Paid);
    }
}
