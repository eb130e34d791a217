namespace Son1kVers3.Domain.Accounts;

/// <summary>The languages of the product: Spanish first, and English.</summary>
public static class Locales
{
    public const string Spanish = "es";
    public const string English = "en";
    public const string Default = Spanish;

    /// <summary>The supported locale named exactly (es or en, any case), else null.</summary>
    public static string? Supported(string? locale) => locale?.Trim().ToLowerInvariant() switch
    {
        Spanish => Spanish,
        English => English,
        _ => null,
    };

    /// <summary>The first supported language of an Accept-Language header (en-* → en, es-* → es), else es.</summary>
    public static string FromAcceptLanguage(string? header)
    {
        foreach (var part in (header ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = part.Split(';')[0].Trim();
            var primary = tag.Split('-')[0];
            if (Supported(primary) is { } found)
            {
                return found;
            }
        }

        return Default;
    }
}
