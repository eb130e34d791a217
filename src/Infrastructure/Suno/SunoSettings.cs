using System.Security.Cryptography;
using System.Text;
using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Infrastructure.Suno;

/// <summary>
/// The provider's configuration (SUNO.md). No API key: the embedded simulator is the provider.
/// Suno reports back to <see cref="CallbackUrl"/>, which carries <see cref="CallbackSecret"/>.
/// </summary>
public sealed record SunoSettings(
    string? ApiKey,
    Uri BaseUrl,
    IReadOnlyDictionary<MusicModel, string> ModelNames,
    TimeSpan SimulatorStage,
    PublicAddress Address,
    string CallbackSecret,
    TimeSpan Timeout)
{
    public bool UseSimulator => ApiKey is null;

    /// <summary>Where the simulator's audio and covers are served from: this server.</summary>
    public Uri SelfUrl => Address.SelfUrl;

    /// <summary>Where Suno posts its callbacks, only when this server can be reached (PUBLIC_URL is set).</summary>
    public string? CallbackUrl => Address.PublicUrl is null ? null : new Uri(Address.PublicUrl, $"/webhooks/suno?s={CallbackSecret}").ToString();

    public static SunoSettings Read(SettingsReader settings, PublicAddress address)
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

        return new SunoSettings(
            string.IsNullOrEmpty(key) ? null : key,
            baseUrl,
            new Dictionary<MusicModel, string>
            {
                [MusicModel.V3_5] = settings.Text("SUNO_MODEL_V3_5") ?? "V3_5",
                [MusicModel.V5] = settings.Text("SUNO_MODEL_V5") ?? "V5",
            },
            TimeSpan.FromMilliseconds(settings.Int("SIMULATOR_STAGE_MS", 3000, min: 1, max: 600_000)),
            address,
            settings.Text("SUNO_CALLBACK_SECRET") ?? DerivedCallbackSecret(settings),
            TimeSpan.FromSeconds(settings.Int("SUNO_TIMEOUT_SECONDS", 30, min: 1, max: 300)));
    }

    /// <summary>With SUNO_CALLBACK_SECRET empty: derived from JWT_SECRET, so every instance expects the same one.</summary>
    private static string DerivedCallbackSecret(SettingsReader settings) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("suno-callback:" + (settings.Text("JWT_SECRET") ?? "")))).ToLowerInvariant()[..32];
}
