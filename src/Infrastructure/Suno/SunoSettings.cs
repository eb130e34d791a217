using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Infrastructure.Suno;

/// <summary>The provider's configuration (SUNO.md). No API key: the embedded simulator is the provider.</summary>
public sealed record SunoSettings(string? ApiKey, Uri BaseUrl, IReadOnlyDictionary<MusicModel, string> ModelNames, TimeSpan SimulatorStage, Uri SelfUrl, TimeSpan Timeout)
{
    public bool UseSimulator => ApiKey is null;

    public static SunoSettings Read(SettingsReader settings)
    {
        var key = settings.Text("SUNO_API_KEY");
        if (key?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        {
            key = key["Bearer ".Length..].Trim();
        }

        var rawBase = settings.Text("SUNO_BASE_URL") ?? "https://api.sunoapi.org";
        if (!Uri.TryCreate(rawBase, UriKind.Absolute, out var baseUrl))
        {
            settings.Fail("SUNO_BASE_URL", $"must be an absolute URL such as https://api.sunoapi.org; got '{rawBase}'");
            baseUrl = new Uri("https://api.sunoapi.org");
        }

        var self = settings.Text("PUBLIC_URL") is { } publicUrl && Uri.TryCreate(publicUrl, UriKind.Absolute, out var p)
            ? p
            : new Uri($"http://localhost:{settings.Int("PORT", 3001, 1, 65535)}");
        return new SunoSettings(
            string.IsNullOrEmpty(key) ? null : key,
            baseUrl,
            new Dictionary<MusicModel, string>
            {
                [MusicModel.V3_5] = settings.Text("SUNO_MODEL_V3_5") ?? "V3_5",
                [MusicModel.V5] = settings.Text("SUNO_MODEL_V5") ?? "V5",
            },
            TimeSpan.FromMilliseconds(settings.Int("SIMULATOR_STAGE_MS", 3000, min: 1, max: 600_000)),
            self,
            TimeSpan.FromSeconds(settings.Int("SUNO_TIMEOUT_SECONDS", 30, min: 1, max: 300)));
    }
}
