using System.Security.Claims;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>The signed-in user of this request, loaded once (tier and role are always current).</summary>
public sealed class CurrentUser(GetUser getUser, IUserRows rows)
{
    private Task<User?>? _user;

    /// <summary>The read started by <see cref="GetAsync"/> in this scope, if any (null: nobody asked yet).</summary>
    public Task<User?>? Started => _user;

    public Task<User?> GetAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        _user ??= IdOf(principal) is { } id ? getUser.HandleAsync(id, cancellationToken) : Task.FromResult<User?>(null);

    /// <summary>
    /// The signed-in user to show (me): this request's fresh read if it made one, else the per-instance
    /// cache of users' rows (evicted on every change; see <see cref="IUserRows"/>). Never decide from it.
    /// </summary>
    public Task<User?> GetForDisplayAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        _user ?? (IdOf(principal) is { } id ? rows.GetAsync(id, cancellationToken) : Task.FromResult<User?>(null));

    /// <summary>The sign-in session (refresh-token family) of the request's access token, if it names one.</summary>
    public static Guid? SessionIdOf(ClaimsPrincipal? principal) =>
        Guid.TryParseExact(principal?.FindFirst("sid")?.Value, "N", out var id) ? id : null;

    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst("sub")?.Value, out var id) ? id : null;
}
