using System.Text.Json.Nodes;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>The payment mutations and the reads that show their effect.</summary>
public static class Billing
{
    public const string Checkout = """
        mutation($input: CreateCheckoutSessionInput!) { createCheckoutSession(input: $input) { url errors { code message ... on MutationError { field } } } }
        """;

    public const string Portal = """
        mutation($input: CreateBillingPortalSessionInput!) { createBillingPortalSession(input: $input) { url errors { code message ... on MutationError { field } } } }
        """;

    public const string App = "https://app.son1kvers3.test";

    public static async Task<JsonNode> CheckoutAsync(this HttpClient client, string token, string tier = "PRO", string successUrl = App + "/billing/success", string cancelUrl = App + "/billing")
    {
        var response = await client.PostAsAsync(token, Checkout, new { input = new { tier, successUrl, cancelUrl } });
        Assert.True(response.Data?["createCheckoutSession"] is not null, response.Body?.ToJsonString());
        return response.Data!["createCheckoutSession"]!;
    }

    public static async Task<JsonNode> PortalAsync(this HttpClient client, string token, string returnUrl = App + "/account")
    {
        var response = await client.PostAsAsync(token, Portal, new { input = new { returnUrl } });
        Assert.True(response.Data?["createBillingPortalSession"] is not null, response.Body?.ToJsonString());
        return response.Data!["createBillingPortalSession"]!;
    }

    /// <summary>me: tier, subscription, and the day's generation and token limits.</summary>
    public static async Task<JsonNode> MeAsync(this HttpClient client, string token)
    {
        var response = await client.PostAsAsync(token,
            "{ me { tier subscription { tier status currentPeriodEnd cancelAtPeriodEnd } usage { generations { limit } tokens { limit } downloads { limit } } } }");
        Assert.True(response.Data?["me"] is not null, response.Body?.ToJsonString());
        return response.Data!["me"]!;
    }

    public static string? ErrorCode(this JsonNode payload) => payload["errors"]!.AsArray().FirstOrDefault()?["code"]?.GetValue<string>();
}
