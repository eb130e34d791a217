using System.Security.Claims;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>The signed-in user of this request, loaded once (tier and role are always current).</summary>
public sealed class CurrentUser(GetUser getUser)
{
    private Task<User?>? _user;

    public Task<User?> GetAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        _user ??= IdOf(principal) is { } id ? getUser.HandleAsync(id, cancellationToken) : Task.FromResult<User?>(null);

    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst("sub")?.Value, out var id) ? id : null;
}
