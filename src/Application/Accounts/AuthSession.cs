using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Accounts;

/// <summary>What a successful sign-in hands to the client.</summary>
public sealed record AuthSession(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, User User);
