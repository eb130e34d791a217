using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Application.Payments;

/// <summary>
/// What the payment use cases need: whether payments are on (a secret key and both prices),
/// the price of each paid tier, and the origins a checkout or portal may send the user back to.
/// </summary>
public sealed record PaymentSettings(bool Enabled, IReadOnlyDictionary<Tier, string> Prices, IReadOnlyList<string> AllowedOrigins)
{
    public static PaymentSettings Read(SettingsReader settings, PublicAddress address)
    {
        var prices = new Dictionary<Tier, string>();
        if (settings.Text("STRIPE_PRICE_PRO") is { } pro)
        {
            prices[Tier.Pro] = pro;
        }

        if (settings.Text("STRIPE_PRICE_PREMIUM") is { } premium)
        {
            prices[Tier.Premium] = premium;
        }

        if (prices.Count == 2 && prices[Tier.Pro] == prices[Tier.Premium])
        {
            settings.Fail("STRIPE_PRICE_PREMIUM", "must differ from STRIPE_PRICE_PRO (the price decides the tier)");
        }

        var origins = settings.List("CORS_ORIGIN").Append(address.PublicUrl?.ToString() ?? string.Empty)
            .Select(OriginOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new PaymentSettings(settings.Text("STRIPE_SECRET_KEY") is not null && prices.Count == 2, prices, origins);
    }

    public Tier? TierOfPrice(string? priceId) =>
        Prices.Where(p => p.Value == priceId).Select(p => (Tier?)p.Key).FirstOrDefault();

    /// <summary>The longest redirect URL accepted (browsers and Stripe handle far more; no real page needs it).</summary>
    public const int MaxRedirectUrlLength = 2048;

    /// <summary>An absolute http(s) URL on an allowed origin, or a VALIDATION error naming the field (no open redirects).</summary>
    public Result<Uri> RedirectUrl(string field, string url)
    {
        if (url.Length > MaxRedirectUrlLength)
        {
            return Error.Validation(field, $"must be at most {MaxRedirectUrlLength} characters.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Error.Validation(field, "must be an absolute http(s) URL.");
        }

        return AllowedOrigins.Contains(OriginOf(url), StringComparer.OrdinalIgnoreCase)
            ? uri
            : Error.Validation(field, $"must be on this app's origin ({string.Join(", ", AllowedOrigins)}).");
    }

    private static string? OriginOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority).TrimEnd('/')
            : null;
}
