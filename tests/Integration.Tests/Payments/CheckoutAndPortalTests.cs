using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Payments;

[Collection(ApiCollection.Name)]
public sealed class CheckoutAndPortalTests : IDisposable
{
    private readonly ApiFactory _api;
    private readonly StripeFake _stripe = new();
    private readonly HttpClient _client;

    public CheckoutAndPortalTests(ApiFactory api)
    {
        _api = api;
        _client = api.With(_stripe.Settings).CreateClient();
    }

    public void Dispose() => _stripe.Dispose();

    [Fact]
    public async Task Checkout_CreatesOneCustomerPerUser_AndASubscriptionSessionForTheTiersPrice()
    {
        var user = await _client.RegisterAsync();

        var first = await _client.CheckoutAsync(user.AccessToken, "PRO");
        var second = await _client.CheckoutAsync(user.AccessToken, "PREMIUM");

        Assert.Empty(first["errors"]!.AsArray());
        Assert.StartsWith("https://checkout.stripe.test/c/pay/cs_test_", first["url"]!.GetValue<string>());
        Assert.NotEqual(first["url"]!.GetValue<string>(), second["url"]!.GetValue<string>());
        var customer = Assert.Single(_stripe.Requests("/v1/customers"));
        Assert.Contains("email=" + user.Email, Uri.UnescapeDataString(customer.RequestMessage.Body!));
        var customerId = _stripe.CustomerOf(user.UserId);
        var sessions = _stripe.Requests("/v1/checkout/sessions");
        Assert.Equal(2, sessions.Count);
        var userId = Seed.IdOf(user.UserId).ToString();
        foreach (var (session, price) in sessions.Zip([StripeFake.PricePro, StripeFake.PricePremium]))
        {
            var body = Uri.UnescapeDataString(session.RequestMessage.Body!);
            Assert.Contains("mode=subscription", body);
            Assert.Contains($"customer={customerId}", body);
            Assert.Contains($"client_reference_id={userId}", body);
            Assert.Contains($"line_items[0][price]={price}", body);
            Assert.Contains("success_url=https://app.son1kvers3.test/billing/success", body);
            Assert.Equal($"Bearer {StripeFake.SecretKey}", session.RequestMessage.Headers!["Authorization"].Single());
        }

        var keys = sessions.Select(s => s.RequestMessage.Headers!["Idempotency-Key"].Single()).ToList();
        Assert.All(keys, k => Assert.StartsWith("checkout-", k));
        Assert.Equal(2, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("FREE")]
    [InlineData("ENTERPRISE")]
    public async Task Checkout_ForATierThatIsNotSold_IsAValidationError(string tier)
    {
        var user = await _client.RegisterAsync();

        var payload = await _client.CheckoutAsync(user.AccessToken, tier);

        Assert.Equal("VALIDATION", payload.ErrorCode());
        Assert.Equal("tier", payload["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Empty(_stripe.Requests("/v1/customers"));
    }

    [Theory]
    [InlineData("https://evil.example/phish", Billing.App + "/billing", "successUrl")]
    [InlineData(Billing.App + "/ok", "https://app.son1kvers3.test.evil.example/", "cancelUrl")]
    [InlineData("https://app.son1kvers3.test@evil.example/", Billing.App + "/billing", "successUrl")]
    [InlineData("javascript:alert(1)", Billing.App + "/billing", "successUrl")]
    [InlineData("/relative", Billing.App + "/billing", "successUrl")]
    public async Task Checkout_RedirectingOffTheAppsOrigin_IsRefused_NoOpenRedirect(string successUrl, string cancelUrl, string field)
    {
        var user = await _client.RegisterAsync();

        var payload = await _client.CheckoutAsync(user.AccessToken, "PRO", successUrl, cancelUrl);

        Assert.Equal("VALIDATION", payload.ErrorCode());
        Assert.Equal(field, payload["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Null(payload["url"]);
        Assert.Empty(_stripe.Requests("/v1/checkout/sessions"));
    }

    [Fact]
    public async Task Checkout_WithARedirectUrlOver2048Characters_IsAValidationErrorNamingTheField()
    {
        var user = await _client.RegisterAsync();
        var longUrl = Billing.App + "/billing?" + new string('a', 2048);

        var payload = await _client.CheckoutAsync(user.AccessToken, "PRO", Billing.App + "/ok", longUrl);

        Assert.Equal("VALIDATION", payload.ErrorCode());
        Assert.Equal("cancelUrl", payload["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("2048", payload["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Empty(_stripe.Requests("/v1/checkout/sessions"));
    }

    [Fact]
    public async Task WithoutStripeKeys_PaymentMutationsArePaymentsUnavailable_TheWebhookIs503_AndTheRestWorks()
    {
        var client = _api.CreateClient();
        var user = await client.RegisterAsync();

        var checkout = await client.CheckoutAsync(user.AccessToken);
        var portal = await client.PortalAsync(user.AccessToken);
        var payload = StripeFake.Event("customer.subscription.updated", new { id = "sub_x" }, StripeFake.Now);
        using var webhook = await StripeFake.DeliverAsync(client, payload);
        var me = await client.MeAsync(user.AccessToken);

        Assert.Equal("PAYMENTS_UNAVAILABLE", checkout.ErrorCode());
        Assert.Equal("PAYMENTS_UNAVAILABLE", portal.ErrorCode());
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.Equal("FREE", me["tier"]!.GetValue<string>());
        Assert.Null(me["subscription"]);
    }

    [Fact]
    public async Task Checkout_WhenStripeFails_IsPaymentProviderError_WithAnActionableMessage()
    {
        _stripe.CheckoutFails(503, "api_error", "Stripe is down");
        var user = await _client.RegisterAsync();

        var payload = await _client.CheckoutAsync(user.AccessToken);

        Assert.Equal("PAYMENT_PROVIDER_ERROR", payload.ErrorCode());
        Assert.Contains("try again", payload["errors"]![0]!["message"]!.GetValue<string>());
        Assert.DoesNotContain("sk_", payload.ToJsonString());
    }

    [Fact]
    public async Task Checkout_Anonymous_IsUnauthenticated()
    {
        var response = await _client.PostAsync(Billing.Checkout, new { input = new { tier = "PRO", successUrl = Billing.App, cancelUrl = Billing.App } });

        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
        Assert.Empty(_stripe.Requests("/v1/customers"));
    }
}
