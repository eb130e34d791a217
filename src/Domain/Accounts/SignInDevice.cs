namespace Son1kVers3.Domain.Accounts;

/// <summary>
/// What a sign-in session records about where it started: the client's user agent (at most
/// <see cref="MaxUserAgentLength"/> characters, control characters removed) and its country (an
/// ISO 3166 alpha-2 code, upper case). Either is null when unknown or unusable.
/// </summary>
public sealed record SignInDevice
{
    public const int MaxUserAgentLength = 256;

    public static readonly SignInDevice Unknown = new(null, null);

    private SignInDevice(string? userAgent, string? country)
    {
        UserAgent = userAgent;
        Country = country;
    }

    public string? UserAgent { get; }
    public string? Country { get; }

    /// <summary>Cleans what the request told: a user agent is trimmed and bounded; a country that is not two letters is dropped (XX, Cloudflare's "unknown", too).</summary>
    public static SignInDevice From(string? userAgent, string? country) => new(CleanUserAgent(userAgent), CleanCountry(country));

    private static string? CleanUserAgent(string? userAgent)
    {
        // Control characters and lone surrogates dropped (PostgreSQL refuses NUL and invalid UTF-16); cut without splitting a pair.
        var kept = new System.Text.StringBuilder(Math.Min(userAgent?.Length ?? 0, MaxUserAgentLength));
        for (var i = 0; i < (userAgent?.Length ?? 0) && kept.Length < MaxUserAgentLength; i++)
        {
            var c = userAgent![i];
            if (char.IsHighSurrogate(c) && i + 1 < userAgent.Length && char.IsLowSurrogate(userAgent[i + 1]))
            {
                if (kept.Length + 2 > MaxUserAgentLength)
                {
                    break;
                }

                kept.Append(c).Append(userAgent[++i]);
            }
            else if (!char.IsControl(c) && !char.IsSurrogate(c))
            {
                kept.Append(c);
            }
        }

        var text = kept.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    private static string? CleanCountry(string? country)
    {
        var code = country?.Trim().ToUpperInvariant();
        return code is { Length: 2 } && code.All(char.IsAsciiLetterUpper) && code != "XX" ? code : null;
    }
}
