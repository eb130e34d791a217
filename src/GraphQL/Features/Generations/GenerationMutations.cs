using GraphQL.Types;
using Son1kVers3.Application.Generations;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Generations;

public static class GenerationMutations
{
    public static void AddGenerationMutations(this ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<CreateGenerationPayloadType>>("createGeneration")
            .Description("Starts a song: reserves plan quota, daily allocation and a pool token; progress arrives through generationUpdated.")
            .Argument<NonNullGraphType<CreateGenerationInputType>>("input")
            .RequireSignIn()
            .ResolveAsync(async c =>
            {
                var input = c.Input<CreateGenerationInput>();
                var user = (await c.CurrentUserAsync())!;
                if (c.Service<Application.Email.EmailSettings>().VerificationGate(user) is { } unverified)
                {
                    return Payload<Generation>.Failed(unverified);
                }

                var command = new CreateGenerationCommand(
                    user.Id, input.Model, input.CustomMode, input.Prompt, input.Style, input.Title, input.Instrumental, input.IdempotencyKey);
                return Payload<Generation>.From(await c.Service<CreateGeneration>().HandleAsync(command, c.CancellationToken));
            });
}
