using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>Ends the session of the presented refresh token (its family); other devices stay signed in.</summary>
public sealed class Logout(IRefreshTokenStore store)
{
    public async Task<Result<bool>> HandleAsync(string refreshToken, CancellationToken cancellationToken) =>
        await store.RevokeFamilyAsync(SessionIssuer.Hash(refreshToken), cancellationToken)
            ? true
            : new Error(ErrorCodes.InvalidRefreshToken, "The refresh token is unknown.");
}
