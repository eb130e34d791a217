using GraphQL;
using GraphQL.Types;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Errors;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Generations;

public sealed class CreateGenerationInputType : InputObjectGraphType
{
    public CreateGenerationInputType()
    {
        Name = "CreateGenerationInput";
        Field<NonNullGraphType<MusicModelType>>("model");
        Field<StringGraphType>("prompt").Description("Simple mode: a description (≤ 500). Custom mode: the lyrics (≤ 3000 on V3_5, 5000 on V5).");
        Field<NonNullGraphType<BooleanGraphType>>("customMode").DefaultValue(false);
        Field<StringGraphType>("style").Description("Custom mode only (≤ 200 on V3_5, 1000 on V5).");
        Field<StringGraphType>("title").Description("Custom mode only (≤ 80).");
        Field<NonNullGraphType<BooleanGraphType>>("instrumental").DefaultValue(false);
        Field<StringGraphType>("idempotencyKey").Description("Retries with the same key and input return the first generation and charge once; the same key with another input is IDEMPOTENCY_KEY_REUSED.");
    }
}

public sealed class CreateGenerationPayloadType : ObjectGraphType<Payload<Generation>>
{
    public CreateGenerationPayloadType()
    {
        Name = "CreateGenerationPayload";
        Field<GenerationType>("generation").Resolve(c => c.Source.Value);
        this.AddErrorsField();
    }
}

public static class GenerationFields
{
    public static void AddGenerationQueries(this ObjectGraphType query)
    {
        query.Field<GenerationType>("generation")
            .Description("A generation of the signed-in user (admins: anyone's); null otherwise.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => GlobalId.Decode(c.GetArgument<string>("id"), GenerationType.TypeName) is { } id
                ? await c.Service<GenerationQueries>().GetAsync(id, await c.CurrentUserAsync(), c.CancellationToken)
                : null);

        query.Field<NonNullGraphType<GenerationConnectionType>>("myGenerations")
            .Description($"The signed-in user's generations, newest first ({GenerationQueries.DefaultPageSize} by default, at most {GenerationQueries.MaxPageSize}).")
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
                    throw new ExecutionError("after: not a cursor returned by myGenerations.") { Code = "BAD_USER_INPUT" };
                }

                var user = (await c.CurrentUserAsync())!;
                var page = await c.Service<GenerationQueries>().ListAsync(user.Id, c.GetArgument<int?>("first"), cursor, c.GetArgument<GenerationStatus?>("status"), c.CancellationToken);
                return page.IsSuccess ? page.Value : throw new ExecutionError(page.Error!.Message) { Code = "BAD_USER_INPUT" };
            });
    }

    public static void AddGenerationMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<CreateGenerationPayloadType>>("createGeneration")
            .Description("Starts a song: reserves plan quota, daily allocation and a pool token; progress arrives through generationUpdated.")
            .Argument<NonNullGraphType<CreateGenerationInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input();
                var user = (await c.CurrentUserAsync())!;
                if (c.Service<Application.Email.EmailSettings>().VerificationGate(user) is { } unverified)
                {
                    return new Payload<Generation>(null, [unverified]);
                }

                string? Text(string name) => input.TryGetValue(name, out var value) ? (string?)value : null;
                var command = new CreateGenerationCommand(
                    user.Id, (MusicModel)input["model"]!, (bool)input["customMode"]!, Text("prompt"), Text("style"), Text("title"),
                    (bool)input["instrumental"]!, Text("idempotencyKey"));
                return Payload<Generation>.From(await c.Service<CreateGeneration>().HandleAsync(command, c.CancellationToken));
            });
}
