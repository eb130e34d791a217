using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Domain.Tests.Generations;

public class GenerationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static Generation NewGeneration()
    {
        var request = GenerationRequest.Create(MusicModel.V5, false, "a calm lo-fi song", null, null, false).Value;
        var generation = Generation.Start(Guid.NewGuid(), Guid.NewGuid(), request, Guid.NewGuid(), null, Now);
        generation.MarkSubmitted("task-1", Now);
        return generation;
    }

    private static ProviderTrack Clip(string id, bool complete = false, bool stream = false) =>
        new(id, "Neon", complete ? $"https://cdn/{id}.mp3" : null, stream || complete ? $"https://cdn/stream/{id}" : null, null, complete ? 198.4 : null, "[Verse]");

    private static ProviderUpdate Update(ProviderStage stage, params ProviderTrack[] tracks) => new(stage, tracks);

    [Fact]
    public void StagesInOrder_MoveThroughEveryStatus()
    {
        var g = NewGeneration();
        Assert.Equal(GenerationStatus.Queued, g.Status);
        Assert.True(g.Apply(Update(ProviderStage.TextReady), Now));
        Assert.Equal(GenerationStatus.Generating, g.Status);
        Assert.True(g.Apply(Update(ProviderStage.FirstReady, Clip("a", stream: true)), Now));
        Assert.Equal(GenerationStatus.Streaming, g.Status);
        Assert.True(g.Apply(Update(ProviderStage.Complete, Clip("a", complete: true), Clip("b", complete: true)), Now));
        Assert.Equal(GenerationStatus.Completed, g.Status);
        Assert.Equal(2, g.Tracks.Count);
    }

    [Fact]
    public void ALateOrRepeatedReport_NeverMovesBackwards_NorErasesWhatIsKnown()
    {
        var g = NewGeneration();
        g.Apply(Update(ProviderStage.FirstReady, Clip("a", stream: true)), Now);

        Assert.False(g.Apply(Update(ProviderStage.TextReady), Now));
        Assert.False(g.Apply(Update(ProviderStage.FirstReady, Clip("a", stream: true)), Now));
        g.Apply(Update(ProviderStage.TextReady, new ProviderTrack("a", null, null, null, null, null, null)), Now);

        Assert.Equal(GenerationStatus.Streaming, g.Status);
        Assert.Equal("https://cdn/stream/a", g.Tracks[0].StreamAudioUrl);
    }

    [Fact]
    public void AReportCouldChangeAGeneration_UnlessItHasNoTracks_IsNeitherFailureNorCompletion_AndItsStatusIsReached()
    {
        var g = NewGeneration();
        g.Apply(Update(ProviderStage.TextReady), Now);
        var later = NewGeneration(); // the same generation as it may be by now: further on, with its tracks
        later.Apply(Update(ProviderStage.Complete, Clip("a", complete: true), Clip("b", stream: true)), Now);

        foreach (var noNews in new[] { Update(ProviderStage.Pending), Update(ProviderStage.TextReady) })
        {
            Assert.False(g.CouldChange(noNews));
            Assert.False(g.Apply(noNews, Now));
            Assert.False(later.Apply(noNews, Now)); // nor would it change any later state
        }

        Assert.True(g.CouldChange(Update(ProviderStage.FirstReady)));
        Assert.True(g.CouldChange(Update(ProviderStage.TextReady, Clip("a"))));
        Assert.True(g.CouldChange(new ProviderUpdate(ProviderStage.Failed, [], "it broke")));
        Assert.True(later.CouldChange(Update(ProviderStage.Complete))); // completion depends on the tracks it already has
        Assert.True(later.Apply(Update(ProviderStage.Complete, Clip("b", complete: true)), Now));
        Assert.False(later.CouldChange(Update(ProviderStage.Failed)));
    }

    [Fact]
    public void CompleteWithoutBothPlayableTracks_StaysStreaming()
    {
        var g = NewGeneration();
        g.Apply(Update(ProviderStage.Complete, Clip("a", complete: true), Clip("b", stream: true)), Now);
        Assert.Equal(GenerationStatus.Streaming, g.Status);
    }

    [Fact]
    public void ATerminalState_IsFinal()
    {
        var g = NewGeneration();
        g.Apply(Update(ProviderStage.Complete, Clip("a", complete: true), Clip("b", complete: true)), Now);

        Assert.False(g.Fail("late failure", Now));
        Assert.False(g.Apply(new ProviderUpdate(ProviderStage.Failed, [], "boom"), Now));
        Assert.Equal(GenerationStatus.Completed, g.Status);
    }

    [Fact]
    public void AFailure_KeepsItsReason()
    {
        var g = NewGeneration();
        Assert.True(g.Apply(new ProviderUpdate(ProviderStage.Failed, [], "Content policy"), Now));
        Assert.Equal((GenerationStatus.Failed, "Content policy"), (g.Status, g.FailureReason));
    }

    [Fact]
    public void MoreThanTwoClips_AreIgnored()
    {
        var g = NewGeneration();
        g.Apply(Update(ProviderStage.FirstReady, Clip("a"), Clip("b"), Clip("c")), Now);
        Assert.Equal(["a", "b"], g.Tracks.Select(t => t.ProviderClipId));
    }
}
