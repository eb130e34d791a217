using System.Buffers.Binary;
using System.Net;
using System.Text;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Suno;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Generations;

/// <summary>Audio reaches clients only through this server's signed, expiring /media links.</summary>
[Collection(ApiCollection.Name)]
public sealed class MediaTests(ApiFactory api)
{
    private const string Tracks = "query($id: ID!) { generation(id: $id) { tracks { audioUrl streamAudioUrl } } }";
    private const string Download = "mutation($id: ID!) { downloadTrack(input: { trackId: $id }) { url errors { code } } }";
    private const string ShareIt = "mutation($id: ID!) { shareGeneration(input: { generationId: $id }) { slug watermarked errors { code } } }";
    private const string ReadShare = "query($s: String!) { sharedGeneration(slug: $s) { watermarked generation { tracks { id audioUrl streamAudioUrl } } } }";

    [Fact]
    public async Task TheOriginalFile_ComesOnlyThroughDownloadTrack_AsASignedLinkOfThisServer_ThatExpires()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = api.WithClock(clock);
        var client = server.CreateClient();
        var owner = await client.RegisterAsync();
        await Seed.SetTierAsync(api, owner.Email, Tier.Pro);
        var generation = (await Seed.CompletedGenerationsAsync(api, owner.UserId, 1, audioBase: Seed.SimulatorAudio))[0];
        var gid = Gid("Generation", generation);
        var trackId = (await client.GetAsync(owner.AccessToken, gid))!["tracks"]![0]!["id"]!.GetValue<string>();

        var before = (await client.PostAsAsync(owner.AccessToken, Tracks, new { id = gid })).Data!["generation"]!["tracks"]!.AsArray();
        var url = (await client.PostAsAsync(owner.AccessToken, Download, new { id = trackId })).Data!["downloadTrack"]!["url"]!.GetValue<string>();
        var after = (await client.PostAsAsync(owner.AccessToken, Tracks, new { id = gid })).Data!["generation"]!["tracks"]!.AsArray();
        var file = await client.GetAsync(new Uri(url).PathAndQuery);
        var forged = await client.GetAsync(new Uri(url).PathAndQuery[..^2] + (url.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"));
        clock.Advance(TimeSpan.FromMinutes(11));
        var stale = await client.GetAsync(new Uri(url).PathAndQuery);

        Assert.All(before, t => Assert.Null(t!["audioUrl"])); // no download yet: no file
        Assert.All(before, t => Assert.StartsWith("http://localhost/media/", t!["streamAudioUrl"]!.GetValue<string>()));
        Assert.StartsWith("http://localhost/media/", url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(SimulatedMedia.Wav($"{generation:N}-a"), await file.Content.ReadAsByteArrayAsync()); // the original, byte for byte
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("http://localhost/media/", after[0]!["audioUrl"]!.GetValue<string>()); // downloaded today: shown again
        Assert.Null(after[1]!["audioUrl"]);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, stale.StatusCode);
    }

    [Fact]
    public async Task AWatermarkedShare_NeverRevealsTheOriginal_ItsWavCarriesAnAudibleToneAndTheMark()
    {
        var client = api.CreateClient();
        var owner = await client.RegisterAsync(); // FREE: watermarked shares
        var generation = (await Seed.CompletedGenerationsAsync(api, owner.UserId, 1, audioBase: Seed.SimulatorAudio))[0];
        var slug = (await client.PostAsAsync(owner.AccessToken, ShareIt, new { id = Gid("Generation", generation) })).Data!["shareGeneration"]!["slug"]!.GetValue<string>();

        var shared = (await client.PostAsync(ReadShare, new { s = slug })).Data!["sharedGeneration"]!;
        var track = shared["generation"]!["tracks"]![0]!;
        var listen = await client.GetAsync(new Uri(track["streamAudioUrl"]!.GetValue<string>()).PathAndQuery);
        var heard = await listen.Content.ReadAsByteArrayAsync();
        var original = SimulatedMedia.Wav($"{generation:N}-a");
        var unmarked = await client.GetAsync(new Uri(track["streamAudioUrl"]!.GetValue<string>().Replace(".w.", ".s.", StringComparison.Ordinal)).PathAndQuery);

        Assert.True(shared["watermarked"]!.GetValue<bool>());
        Assert.All(shared["generation"]!["tracks"]!.AsArray(), t => Assert.Null(t!["audioUrl"]));
        Assert.Equal(HttpStatusCode.OK, listen.StatusCode);
        Assert.Equal("audio/wav", listen.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Son1kVers3 FREE", Encoding.ASCII.GetString(heard));
        var (marked, clean) = (Samples(heard), Samples(original));
        Assert.Equal(clean.Length, marked.Length);
        Assert.True(Rms(marked, clean, 0, 22050 * 4 / 10) > 3000, "an audible tone in the first 0.4 s");
        Assert.Equal(0, Rms(marked, clean, 22050, clean.Length)); // the rest of an 8 s clip is untouched (next mark after 10 s)
        Assert.Equal(HttpStatusCode.Forbidden, unmarked.StatusCode); // the link cannot be turned into the original's
    }

    [Fact]
    public async Task AnUnwatermarkedShare_StreamsTheOriginalAudio_ButNeverADownloadLink()
    {
        var client = api.CreateClient();
        var owner = await client.RegisterAsync();
        await Seed.SetTierAsync(api, owner.Email, Tier.Pro);
        var generation = (await Seed.CompletedGenerationsAsync(api, owner.UserId, 1, audioBase: Seed.SimulatorAudio))[0];
        var slug = (await client.PostAsAsync(owner.AccessToken, ShareIt, new { id = Gid("Generation", generation) })).Data!["shareGeneration"]!["slug"]!.GetValue<string>();

        var shared = (await client.PostAsync(ReadShare, new { s = slug })).Data!["sharedGeneration"]!;
        var track = shared["generation"]!["tracks"]![0]!;
        var listen = await client.GetAsync(new Uri(track["streamAudioUrl"]!.GetValue<string>()).PathAndQuery);

        Assert.False(shared["watermarked"]!.GetValue<bool>());
        Assert.Null(track["audioUrl"]);
        Assert.Equal(SimulatedMedia.Wav($"{generation:N}-a"), await listen.Content.ReadAsByteArrayAsync());
        Assert.Null(listen.Content.Headers.ContentDisposition);
    }

    private static string Gid(string type, Guid id) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{type}:{id:N}"));

    /// <summary>The 16-bit samples of a WAV file's data chunk.</summary>
    private static short[] Samples(byte[] wav)
    {
        var at = 12;
        while (!wav.AsSpan(at, 4).SequenceEqual("data"u8))
        {
            at += 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(at + 4));
        }

        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(at + 4));
        return Enumerable.Range(0, length / 2).Select(i => BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(at + 8 + i * 2))).ToArray();
    }

    private static double Rms(short[] a, short[] b, int from, int to) =>
        Math.Sqrt(Enumerable.Range(from, to - from).Average(i => Math.Pow(a[i] - b[i], 2)));
}
