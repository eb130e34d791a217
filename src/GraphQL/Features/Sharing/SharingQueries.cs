using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Sharing;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Sharing;

public static class SharingQueries
{
    public static void AddSharingQueries(this ObjectGraphType query) =>
        query.Field<SharedGenerationType>("sharedGeneration")
            .Description("A public share, by its slug; anyone may read it.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(async c =>
            {
                var shared = await c.Service<GetSharedGeneration>().HandleAsync(c.GetArgument<string>("slug"), c.CancellationToken);
                if (shared is { } found)
                {
                    c.Service<SharesInRequest>().Add(found.Generation.Id, found.Share.Watermarked);
                }

                return shared;
            });
}
