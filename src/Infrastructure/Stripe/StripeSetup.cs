using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Stripe;

namespace Son1kVers3.Infrastructure.Stripe;

public static class StripeSetup
{
    public static IServiceCollection AddStripe(this IServiceCollection services, StripeSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<IStripeClient>(_ => new StripeClient(new StripeClientOptions
        {
            // Without a key the payment use cases answer PAYMENTS_UNAVAILABLE before any call is made.
            ApiKey = settings.SecretKey ?? "sk_unconfigured",
            ApiBase = settings.ApiBase.ToString().TrimEnd('/'),
            // One retry (Stripe.net adds an idempotency key to POSTs, so a retried create is safe); the webhook must answer within 2 s.
            HttpClient = new SystemNetHttpClient(new HttpClient { Timeout = settings.Timeout }, maxNetworkRetries: 1),
        }));
        services.AddScoped<IPaymentGateway, StripePaymentGateway>();
        return services;
    }
}
