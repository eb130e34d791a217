namespace Son1kVers3.Application.Payments;

public static class PaymentErrors
{
    public const string PaymentsUnavailable = "PAYMENTS_UNAVAILABLE";
    public const string AlreadySubscribed = "ALREADY_SUBSCRIBED";
    public const string NoSubscription = "NO_SUBSCRIPTION";
    public const string PaymentProviderError = "PAYMENT_PROVIDER_ERROR";
}
