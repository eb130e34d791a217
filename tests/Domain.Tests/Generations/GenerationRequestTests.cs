using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Domain.Tests.Generations;

public class GenerationRequestTests
{
    private static string? FieldOf(MusicModel model, bool custom, string? prompt, string? style = null, string? title = null, bool instrumental = false)
    {
        var result = GenerationRequest.Create(model, custom, prompt, style, title, instrumental);
        return result.IsSuccess ? null : result.Error!.Message.Split(':')[0];
    }

    [Fact]
    public void SimpleMode_NeedsADescription_OfAtMost500Characters()
    {
        Assert.Null(FieldOf(MusicModel.V5, false, new string('a', 500)));
        Assert.Equal("prompt", FieldOf(MusicModel.V5, false, new string('a', 501)));
        Assert.Equal("prompt", FieldOf(MusicModel.V5, false, "   "));
        Assert.Equal("style", FieldOf(MusicModel.V5, false, "a song", style: "rock"));
        Assert.Equal("title", FieldOf(MusicModel.V5, false, "a song", title: "Neon"));
    }

    [Theory]
    [InlineData(MusicModel.V3_5, 3000, 200)]
    [InlineData(MusicModel.V5, 5000, 1000)]
    public void CustomMode_FollowsTheModelsLimits(MusicModel model, int lyrics, int style)
    {
        Assert.Null(FieldOf(model, true, new string('l', lyrics), new string('s', style), new string('t', 80)));
        Assert.Equal("prompt", FieldOf(model, true, new string('l', lyrics + 1), "pop", "T"));
        Assert.Equal("style", FieldOf(model, true, "la la", new string('s', style + 1), "T"));
        Assert.Equal("title", FieldOf(model, true, "la la", "pop", new string('t', 81)));
        Assert.Equal("style", FieldOf(model, true, "la la", null, "T"));
        Assert.Equal("title", FieldOf(model, true, "la la", "pop", null));
    }

    [Fact]
    public void CustomInstrumental_NeedsNoLyrics()
    {
        Assert.Null(FieldOf(MusicModel.V5, true, null, "ambient", "Drift", instrumental: true));
        Assert.Equal("prompt", FieldOf(MusicModel.V5, true, null, "ambient", "Drift"));
    }
}
