using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Application.Analytics;
using Son1kVers3.Application.Chat;
using Son1kVers3.Application.Clients;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.Email;
using Son1kVers3.Application.Generations;
using Son1kVers3.Application.Media;
using Son1kVers3.Application.Payments;
using Son1kVers3.Application.Sharing;
using Son1kVers3.Application.TokenPool;

namespace Son1kVers3.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, SettingsReader settings, PublicAddress address)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Observability.AppMetrics>();
        services.AddSingleton(PoolSettings.Read(settings));
        services.AddSingleton(PasswordSettings.Read(settings));
        services.AddSingleton(ClientSettings.Read(settings));
        services.AddSingleton(GenerationSettings.Read(settings));
        services.AddSingleton(EmailSettings.Read(settings));
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton(MediaSettings.Read(settings));
        services.AddSingleton<MediaTokens>();
        services.AddSingleton(PaymentSettings.Read(settings, address));
        services.AddScoped<AccountTokens>();
        services.AddScoped<AccountMailer>();
        services.AddScoped<RequestEmailVerification>();
        services.AddScoped<VerifyEmail>();
        services.AddScoped<RequestPasswordReset>();
        services.AddScoped<ResetPassword>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<ChangeEmail>();
        services.AddScoped<UpdateProfile>();
        services.AddScoped<Sessions>();
        services.AddScoped<DeleteAccount>();
        services.AddScoped<Accounts.Export.ExportAccountData>();

        services.AddScoped<GetTokenPool>();
        services.AddScoped<SessionIssuer>();
        services.AddScoped<Register>();
        services.AddScoped<Login>();
        services.AddScoped<RefreshSession>();
        services.AddScoped<Logout>();
        services.AddScoped<SetUserTier>();
        services.AddScoped<FindUsers>();
        services.AddScoped<SuspendUser>();
        services.AddScoped<UnsuspendUser>();
        services.AddScoped<GetUser>();
        services.AddScoped<ProviderProfiles>();
        services.AddScoped<SignInWithOAuth>();
        services.AddScoped<LinkOAuthProvider>();
        services.AddScoped<UnlinkOAuthProvider>();
        services.AddScoped<GetLinkedProviders>();
        services.AddSingleton<GetUsage>(); // holds usage figures across requests (see GetUsage)
        services.AddScoped<RegisterClient>();
        services.AddScoped<ClientStats>();
        services.AddScoped<UsersByTier>();
        services.AddScoped<GenerationStats>();
        services.AddScoped<CreateGeneration>();
        services.AddScoped<AdvanceGeneration>();
        services.AddScoped<GenerationSettlement>();
        services.AddScoped<ApplyProviderReport>();
        services.AddScoped<GenerationQueries>();
        services.AddScoped<DownloadTrack>();
        services.AddScoped<ShareGeneration>();
        services.AddScoped<GetSharedGeneration>();
        services.AddScoped<GetTrackAudio>();
        services.AddScoped<PaymentCustomers>();
        services.AddScoped<CreateCheckoutSession>();
        services.AddScoped<CreateBillingPortalSession>();
        services.AddScoped<ApplyPaymentEvent>();
        services.AddScoped<BillingQueries>();
        services.AddSingleton(ChatSettings.Read(settings));
        services.AddSingleton<ChatEvents>();
        services.AddScoped<ChatQueries>();
        services.AddScoped<SendChatMessage>();
        services.AddScoped<DeleteChatMessage>();
        services.AddScoped<MuteChatUser>();
        services.AddScoped<CreateChatRoom>();
        services.AddScoped<UpdateChatRoom>();
        return services;
    }
}
