using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Abstractions;

/// <summary>One sign-in provider: exchanges an authorization code for the person's profile.</summary>
public interface IOAuthClient
{
    OAuthProvider Provider { get; }

    /// <summary>False when the provider's credentials are not configured.</summary>
    bool IsConfigured { get; }

    Task<Result<OAuthProfile>> ExchangeCodeAsync(OAuthCodeExchange exchange, CancellationToken cancellationToken);
}

public sealed record OAuthCodeExchange(string Code, string RedirectUri, string? CodeVerifier);

/// <summary>Who the provider says the person is. Email is null when the provider gives none (TikTok).</summary>
public sealed record OAuthProfile(string ProviderUserId, string? Email, bool EmailVerified, string? DisplayName);
