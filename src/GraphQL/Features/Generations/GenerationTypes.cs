using GraphQL.Types;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
using Son1kVers3.GraphQL.Features.Media;
using Son1kVers3.GraphQL.Features.Plans;
using Son1kVers3.GraphQL.Schema;

namespace Son1kVers3.GraphQL.Features.Generations;

public sealed class GenerationStatusType : EnumerationGraphType<GenerationStatus>
{
    public GenerationStatusType() => Name = "GenerationStatus";
}

public sealed class GenerationType : ObjectGraphType<Generation>
{
    public const string TypeName = "Generation";

    public GenerationType()
    {
        Name = TypeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is Domain.Generations.Generation;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<GenerationStatusType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<MusicModelType>>("model").Resolve(c => c.Source.Model);
        Field<StringGraphType>("prompt").Description("Simple mode: the description. Custom mode: the lyrics.").Resolve(c => c.Source.Prompt);
        Field<StringGraphType>("style").Resolve(c => c.Source.Style);
        Field<StringGraphType>("title").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<BooleanGraphType>>("customMode").Resolve(c => c.Source.CustomMode);
        Field<NonNullGraphType<BooleanGraphType>>("instrumental").Resolve(c => c.Source.Instrumental);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrackType>>>>("tracks")
            .Description("The two tracks, as far as the provider has made them.")
            .ResolveAsync(async c => c.Service<GenerationLoaders>().Tracks(c.Source.Id, await TrackAccess.ForAsync(c, c.Source)));
        Field<StringGraphType>("failureReason").Resolve(c => c.Source.FailureReason);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt.UtcDateTime);
    }
}

public sealed class TrackType : ObjectGraphType<TrackView>
{
    public const string TypeName = "Track";

    public TrackType()
    {
        Name = TypeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is TrackView;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode(TypeName, c.Source.Track.Id));
        Field<StringGraphType>("title").Resolve(c => c.Source.Track.Title);
        Field<StringGraphType>("audioUrl")
            .Description("The original file, for its owner after downloadTrack the same UTC day: a signed link of this server that expires; null otherwise.")
            .Resolve(c => c.Source.MayDownload ? c.Service<MediaLinks>().Download(c.Source.Track.Id) : null);
        Field<StringGraphType>("streamAudioUrl")
            .Description("For listening: a signed, expiring link of this server (watermarked for FREE plans and watermarked shares).")
            .Resolve(c => c.Source.MayListen ? c.Service<MediaLinks>().Stream(c.Source.Track.Id, c.Source.Access.Watermarked) : null);
        Field<StringGraphType>("imageUrl").Resolve(c => c.Source.Track.ImageUrl);
        Field<FloatGraphType>("durationSeconds").Resolve(c => c.Source.Track.DurationSeconds);
        Field<StringGraphType>("lyrics").Resolve(c => c.Source.Track.Lyrics);
    }
}

public sealed record CreateGenerationInput(
    MusicModel Model, string? Prompt, bool CustomMode, string? Style, string? Title, bool Instrumental, string? IdempotencyKey);

public sealed class CreateGenerationInputType : InputObjectGraphType<CreateGenerationInput>
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
