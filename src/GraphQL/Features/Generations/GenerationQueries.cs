using GraphQL;
using GraphQL.Types;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;
using Reads = Son1kVers3.Application.Generations.GenerationQueries;

namespace Son1kVers3.GraphQL.Features.Generations;

public static class GenerationQueries
{
    public static void AddGenerationQueries(this ObjectGraphType query)
    {
        query.Field<GenerationType>("generation")
            .Description("A generation of the signed-in user (admins: anyone's); null otherwise.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => GlobalId.Decode(c.GetArgument<string>("id"), GenerationType.TypeName) is { } id
                ? await c.Service<Reads>().GetAsync(id, await c.CurrentUserAsync(), c.CancellationToken)
                : null);

        query.Field<NonNullGraphType<GenerationConnectionType>>("myGenerations")
            .Description($"The signed-in user's generations, newest first ({Reads.DefaultPageSize} by default, at most {Reads.MaxPageSize}).")
            .Argument<IntGraphType>("first")
            .Argument<StringGraphType>("after")
            .Argument<GenerationStatusType>("status")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var after = c.GetArgument<string?>("after");
                var cursor = after is null ? null : GenerationCursor.Decode(after);
                if (after is not null && cursor is null)
                {
                    throw new ExecutionError("after: not a cursor returned by myGenerations.") { Code = ErrorCodes.BadUserInput };
                }

                var user = (await c.CurrentUserAsync())!;
                var page = await c.Service<Reads>().ListAsync(user.Id, c.GetArgument<int?>("first"), cursor, c.GetArgument<GenerationStatus?>("status"), c.CancellationToken);
                return page.IsSuccess ? page.Value : throw new ExecutionError(page.Error!.Message) { Code = ErrorCodes.BadUserInput };
            });
    }
}
