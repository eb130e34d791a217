using GraphQL.DataLoader;
using Son1kVers3.Application.Generations;
using Son1kVers3.GraphQL.Execution;

namespace Son1kVers3.GraphQL.Features.Generations;

/// <summary>Generation.tracks for every generation of a response in one query (with the reader's downloads of today).</summary>
public sealed class GenerationLoaders
{
    private readonly BatchLoader<Guid, IReadOnlyList<TrackRead>> _tracks;
    private Guid? _reader;

    public GenerationLoaders(Application.Generations.GenerationQueries queries) =>
        _tracks = new BatchLoader<Guid, IReadOnlyList<TrackRead>>((ids, ct) => queries.TracksOfAsync(ids, _reader, ct), []);

    public IDataLoaderResult<IReadOnlyList<TrackView>> Tracks(Guid generationId, TrackAccess access)
    {
        _reader ??= access.Reader;
        return new Views(_tracks.Load(generationId), access);
    }

    private sealed class Views(IDataLoaderResult<IReadOnlyList<TrackRead>> tracks, TrackAccess access) : IDataLoaderResult<IReadOnlyList<TrackView>>
    {
        public async Task<IReadOnlyList<TrackView>> GetResultAsync(CancellationToken cancellationToken = default) =>
            [.. (await tracks.GetResultAsync(cancellationToken)).Select(t => new TrackView(t.Track, access, t.DownloadedToday))];

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
