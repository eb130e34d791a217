using Son1kVers3.Application.Common;

namespace Son1kVers3.Infrastructure.Stripe;

/// <summary>Stripe's credentials and address. No secret key: payments are off; no webhook secret: the webhook answers 503.</summary>
public sealed record StripeSettings(string? SecretKey, string? WebhookSecret, Uri ApiBase, TimeSpan Timeout)
{
    public const string DefaultApiBase = "https://api.stripe.com";

    /// <summary>Stripe's own default: a signature older than 5 minutes is refused (replay protection).</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromSeconds(300);

    public static StripeSettings Read(SettingsReader settings)
    {
        var key = settings.Text("STRIPE_SECRET_KEY");
        if (key is not null && !(key.StartsWith("sk_", StringComparison.Ordinal) || key.StartsWith("rk_", StringComparison.Ordinal)))
        {
            settings.Fail("STRIPE_SECRET_KEY", "must be a Stripe secret or restricted key (sk_… or rk_…)");
        }

        var rawBase = settings.Text("STRIPE_API_BASE") ?? DefaultApiBase;
        if (!Uri.TryCreate(rawBase, UriKind.Absolute, out var apiBase) || apiBase.Scheme is not ("http" or "https"))
        {
            settings.Fail("STRIPE_API_BASE", $"must be an absolute http(s) URL such as {DefaultApiBase}; got '{rawBase}'");
            apiBase = new Uri(DefaultApiBase);
        }

        return new StripeSettings(key, settings.Text("STRIPE_WEBHOOK_SECRET"), apiBase,
            TimeSpan.FromSeconds(settings.Int("STRIPE_TIMEOUT_SECONDS", 10, min: 1, max: 80)));
    }
}
