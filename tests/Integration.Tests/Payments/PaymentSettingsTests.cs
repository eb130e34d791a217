using Microsoft.Extensions.Configuration;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.Payments;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Stripe;

namespace Son1kVers3.Integration.Tests.Payments;

public class PaymentSettingsTests
{
    private static SettingsReader Reader(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    private static PaymentSettings Payments(SettingsReader settings) => PaymentSettings.Read(settings, PublicAddress.Read(settings));

    [Theory]
    [InlineData("STRIPE_SECRET_KEY", "pk_test_publishable", "STRIPE_SECRET_KEY must be a Stripe secret or restricted key")]
    [InlineData("STRIPE_API_BASE", "api.stripe.com", "STRIPE_API_BASE must be an absolute http(s) URL")]
    [InlineData("STRIPE_TIMEOUT_SECONDS", "0", "STRIPE_TIMEOUT_SECONDS must be a whole number from 1 to 80")]
    public void MalformedStripeSettings_AreNamed(string key, string value, string expected)
    {
        var settings = Reader((key, value));
        StripeSettings.Read(settings);

        Assert.Contains(expected, Assert.Single(settings.Errors));
    }

    [Fact]
    public void OnePriceForBothTiers_IsRefused()
    {
        var settings = Reader(("STRIPE_PRICE_PRO", "price_1"), ("STRIPE_PRICE_PREMIUM", "price_1"));
        Payments(settings);

        Assert.Contains("STRIPE_PRICE_PREMIUM must differ from STRIPE_PRICE_PRO", Assert.Single(settings.Errors));
    }

    [Fact]
    public void PaymentsAreOn_OnlyWithAKeyAndBothPrices_AndTheDefaultApiIsStripes()
    {
        var withoutPremium = Payments(Reader(("STRIPE_SECRET_KEY", "sk_test_1"), ("STRIPE_PRICE_PRO", "price_1")));
        var complete = Payments(Reader(("STRIPE_SECRET_KEY", "sk_test_1"), ("STRIPE_PRICE_PRO", "price_1"), ("STRIPE_PRICE_PREMIUM", "price_2")));

        Assert.False(withoutPremium.Enabled);
        Assert.True(complete.Enabled);
        Assert.Equal(Tier.Premium, complete.TierOfPrice("price_2"));
        Assert.Null(complete.TierOfPrice("price_3"));
        Assert.Equal(new Uri("https://api.stripe.com"), StripeSettings.Read(Reader()).ApiBase);
    }
}
