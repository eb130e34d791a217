namespace Son1kVers3.Application.Common;

/// <summary>
/// This server's own address, read once (PUBLIC_URL and PORT) and handed to everyone who builds a
/// link to it: the host (listen port, media and share links), payments (an allowed return
/// origin) and the Suno adapter (its callback URL and the simulator's media).
/// </summary>
public sealed record PublicAddress(Uri? PublicUrl, int Port)
{
    public const int DefaultPort = 3001;

    /// <summary>Where this server is reached: PUBLIC_URL when set, else http://localhost:PORT.</summary>
    public Uri SelfUrl => PublicUrl ?? new Uri($"http://localhost:{Port}");

    public static PublicAddress Read(SettingsReader settings)
    {
        Uri? publicUrl = null;
        if (settings.Text("PUBLIC_URL") is { } raw && !Uri.TryCreate(raw, UriKind.Absolute, out publicUrl))
        {
            settings.Fail("PUBLIC_URL", $"must be an absolute URL such as https://api.example.com; got '{raw}'");
        }

        return new PublicAddress(publicUrl, settings.Int("PORT", DefaultPort, min: 1, max: 65535));
    }
}
