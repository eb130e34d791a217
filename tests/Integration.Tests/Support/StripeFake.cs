using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>
/// A WireMock fake of the Stripe API (customers, Checkout and portal sessions, subscriptions, in
/// Stripe's JSON shapes), and webhook deliveries signed the way Stripe signs them.
/// </summary>
public sealed class StripeFake : IDisposable
{
    public const string SecretKey = "sk_test_fake_51NotARealKey0123456789";
    public const string WebhookSecret = "whsec_test_0123456789abcdef";
    public const string PricePro = "price_pro_test";
    public const string PricePremium = "price_premium_test";
    public const string ApiVersion = "2026-10-28.endive";

    private readonly ConcurrentDictionary<string, string> _subscriptions = new();
    private readonly ConcurrentDictionary<string, bool> _down = new();
    private readonly Guid _checkoutMapping = Guid.NewGuid();
    private int _counter;

    public StripeFake()
    {
        Server.Given(Request.Create().WithPath("/v1/customers").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Json(new { id = "cus_" + Next(), @object = "customer", email = "x@example.test" })));
        Server.Given(Request.Create().WithPath("/v1/checkout/sessions").UsingPost()).WithGuid(_checkoutMapping)
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                var id = "cs_test_" + Next();
                return Json(new { id, @object = "checkout.session", mode = "subscription", url = $"https://checkout.stripe.test/c/pay/{id}" });
            }));
        Server.Given(Request.Create().WithPath("/v1/billing_portal/sessions").UsingPost())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                var id = "bps_" + Next();
                return Json(new { id, @object = "billing_portal.session", url = $"https://billing.stripe.test/p/session/{id}" });
            }));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/v1/subscriptions/*")).UsingGet())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var id = request.Path["/v1/subscriptions/".Length..];
                if (_down.ContainsKey(id))
                {
                    return Json(new { error = new { type = "api_error", message = "An unknown error occurred" } }, 500);
                }

                return _subscriptions.TryGetValue(id, out var body)
                    ? Json(body)
                    : Json(new { error = new { type = "invalid_request_error", code = "resource_missing", message = "No such subscription" } }, 404);
            }));
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/v1/subscriptions/*")).UsingDelete())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var id = request.Path["/v1/subscriptions/".Length..];
                if (_down.ContainsKey(id))
                {
                    return Json(new { error = new { type = "api_error", message = "An unknown error occurred" } }, 500);
                }

                // Stripe answers "No such subscription" for one that is cancelled already.
                if (!_subscriptions.TryGetValue(id, out var body) || body.Contains("\"status\":\"canceled\"", StringComparison.Ordinal))
                {
                    return Json(new { error = new { type = "invalid_request_error", code = "resource_missing", message = "No such subscription" } }, 404);
                }

                var canceled = body.Replace("\"status\":\"active\"", "\"status\":\"canceled\"", StringComparison.Ordinal);
                _subscriptions[id] = canceled;
                return Json(canceled);
            }));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    public (string Key, string? Value)[] Settings =>
    [
        ("STRIPE_SECRET_KEY", SecretKey), ("STRIPE_WEBHOOK_SECRET", WebhookSecret),
        ("STRIPE_PRICE_PRO", PricePro), ("STRIPE_PRICE_PREMIUM", PricePremium), ("STRIPE_API_BASE", Server.Url),
    ];

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>What GET /v1/subscriptions/{id} answers from now on (Stripe's 2026 shape: the period end on the item).</summary>
    public object Subscription(string id, string customer, string status, string price, long created, bool cancelAtPeriodEnd = false, long? periodEnd = null)
    {
        var subscription = new
        {
            id,
            @object = "subscription",
            customer,
            status,
            created,
            cancel_at_period_end = cancelAtPeriodEnd,
            livemode = false,
            metadata = new Dictionary<string, string>(),
            items = new
            {
                @object = "list",
                has_more = false,
                data = new[]
                {
                    new
                    {
                        id = "si_" + id,
                        @object = "subscription_item",
                        current_period_start = created,
                        current_period_end = periodEnd ?? created + (30 * 86400),
                        price = new { id = price, @object = "price", active = true, currency = "usd", unit_amount = price == PricePro ? 999 : 1999 },
                        quantity = 1,
                    },
                },
            },
        };
        _subscriptions[id] = JsonSerializer.Serialize(subscription);
        _down.TryRemove(id, out _);
        return subscription;
    }

    /// <summary>GET and DELETE /v1/subscriptions/{id} answer a 500 until the next <see cref="Subscription"/> call.</summary>
    public void SubscriptionFails(string id) => _down[id] = true;

    /// <summary>POST /v1/checkout/sessions answers this Stripe error from now on.</summary>
    public void CheckoutFails(int status, string type, string message) =>
        Server.Given(Request.Create().WithPath("/v1/checkout/sessions").UsingPost()).WithGuid(_checkoutMapping)
            .RespondWith(Response.Create().WithCallback(_ => Json(new { error = new { type, message } }, status)));

    /// <summary>The id of the customer created for a user (from the metadata the server sent).</summary>
    public string CustomerOf(string userGlobalId)
    {
        var userId = Seed.IdOf(userGlobalId).ToString();
        var index = Server.LogEntries.Where(e => e.RequestMessage.Path == "/v1/customers").ToList()
            .FindIndex(e => Uri.UnescapeDataString(e.RequestMessage.Body!).Contains("metadata[userId]=" + userId, StringComparison.Ordinal));
        Assert.True(index >= 0, "No customer was created for " + userId);
        var response = Server.LogEntries.Where(e => e.RequestMessage.Path == "/v1/customers").ElementAt(index).ResponseMessage;
        return JsonDocument.Parse(response.BodyData!.BodyAsString!).RootElement.GetProperty("id").GetString()!;
    }

    public IReadOnlyList<WireMock.Logging.ILogEntry> Requests(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == path).ToList();

    /// <summary>An event as Stripe sends it (the object embedded as it was when the event happened).</summary>
    public static string Event(string type, object dataObject, long created, string? id = null, string apiVersion = ApiVersion) =>
        JsonSerializer.Serialize(new
        {
            id = id ?? "evt_" + Guid.NewGuid().ToString("N")[..24],
            @object = "event",
            api_version = apiVersion,
            created,
            type,
            livemode = false,
            pending_webhooks = 1,
            request = new { id = (string?)null, idempotency_key = (string?)null },
            data = new { @object = dataObject },
        });

    public static object CheckoutSession(string customer, string subscription, string userGlobalId) => new
    {
        id = "cs_test_" + Guid.NewGuid().ToString("N")[..12],
        @object = "checkout.session",
        mode = "subscription",
        status = "complete",
        payment_status = "paid",
        customer,
        subscription,
        client_reference_id = Seed.IdOf(userGlobalId).ToString(),
    };

    public static object Invoice(string customer, string subscription, string status) => new
    {
        id = "in_" + Guid.NewGuid().ToString("N")[..12],
        @object = "invoice",
        customer,
        status,
        parent = new { type = "subscription_details", subscription_details = new { subscription, metadata = new { } } },
    };

    /// <summary>Stripe's scheme: t=timestamp,v1=hex(HMAC-SHA256(secret, "t.payload")).</summary>
    public static string Signature(string payload, long? timestamp = null, string secret = WebhookSecret)
    {
        var t = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public static async Task<HttpResponseMessage> DeliverAsync(HttpClient client, string payload, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Signature(payload));
        return await client.SendAsync(request);
    }

    /// <summary>Delivers a signed event and returns the outcome the server reported (Applied, Duplicate, Stale, Ignored).</summary>
    public static async Task<string> DeliverOkAsync(HttpClient client, string payload, string? signature = null)
    {
        using var response = await DeliverAsync(client, payload, signature);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("outcome").GetString()!;
    }

    public void Dispose() => Server.Stop();

    private string Next() => Interlocked.Increment(ref _counter).ToString("D4", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..10];

    private static ResponseMessage Json(object body, int status = 200) =>
        Json(JsonSerializer.Serialize(body), status);

    private static ResponseMessage Json(string body, int status = 200) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json"), ["Request-Id"] = new("req_fake") },
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };
}
