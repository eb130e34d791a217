using GraphQL.Types;
using Son1kVers3.Domain.Generations;
using Son1kVers3.GraphQL.Execution;
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
            .Resolve(c => c.Service<TracksLoader>().Load(c.Source.Id));
        Field<StringGraphType>("failureReason").Resolve(c => c.Source.FailureReason);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt);
    }
}

public sealed class TrackType : ObjectGraphType<Track>
{
    public const string TypeName = "Track";

    public TrackType()
    {
        Name = TypeName;
        Interface<NodeInterface>();
        IsTypeOf = o => o is Domain.Generations.Track;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<StringGraphType>("title").Resolve(c => c.Source.Title);
        Field<StringGraphType>("audioUrl").Resolve(c => c.Source.AudioUrl);
        Field<StringGraphType>("streamAudioUrl").Resolve(c => c.Source.StreamAudioUrl);
        Field<StringGraphType>("imageUrl").Resolve(c => c.Source.ImageUrl);
        Field<FloatGraphType>("durationSeconds").Resolve(c => c.Source.DurationSeconds);
        Field<StringGraphType>("lyrics").Resolve(c => c.Source.Lyrics);
    }
}

/// <summary>Generation.tracks for every generation of a response in one query.</summary>
public sealed class TracksLoader(Application.Generations.GenerationQueries queries)
{
    private readonly BatchLoader<Guid, IReadOnlyList<Track>> _loader = new(queries.TracksOfAsync, []);

    public global::GraphQL.DataLoader.IDataLoaderResult<IReadOnlyList<Track>> Load(Guid generationId) => _loader.Load(generationId);
}
