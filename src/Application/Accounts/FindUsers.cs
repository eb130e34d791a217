using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Plans;

namespace Son1kVers3.Application.Accounts;

/// <summary>Search: a case-insensitive prefix of the email or the display name. After: the last user of the previous page.</summary>
public sealed record FindUsersQuery(string? Search, Tier? Tier, UserStatus? Status, int? First, Guid? After);

public sealed record UserPage(IReadOnlyList<User> Items, bool HasNextPage, int TotalCount);

/// <summary>
/// Admins find users, newest first, a page at a time (keyset on the time-ordered id). The prefix
/// match is written as <c>email LIKE 'x%' ESCAPE '\'</c> and <c>lower(display_name) LIKE 'x%' ESCAPE '\'</c>,
/// which the text_pattern_ops indexes of the users table answer (a BitmapOr of both) without
/// scanning it (emails are stored in lower case already).
/// </summary>
public sealed class FindUsers(IAppDbContext db)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxSearchLength = 200;

    public async Task<Result<UserPage>> HandleAsync(FindUsersQuery query, CancellationToken cancellationToken)
    {
        var size = query.First ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return Error.Validation("first", $"must be from 1 to {MaxPageSize}.");
        }

        if (query.Search is { Length: > MaxSearchLength })
        {
            return Error.Validation("search", $"must be at most {MaxSearchLength} characters.");
        }

        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var prefix = EscapeLike(query.Search.Trim().ToLowerInvariant()) + "%";
#pragma warning disable MA0011 // ToLower() here is SQL's lower(), matched by the index on lower(display_name); no culture is involved
            users = users.Where(u => EF.Functions.Like(u.Email, prefix, "\\") || EF.Functions.Like(u.DisplayName!.ToLower(), prefix, "\\"));
#pragma warning restore MA0011
        }

        if (query.Tier is { } tier)
        {
            users = users.Where(u => u.Tier == tier);
        }

        if (query.Status is { } status)
        {
            users = users.Where(u => u.Status == status);
        }

        var page = query.After is { } after ? users.Where(u => u.Id.CompareTo(after) < 0) : users;
        var items = await page.OrderByDescending(u => u.Id).Take(size + 1).ToListAsync(cancellationToken);
        var total = await users.CountAsync(cancellationToken);
        return new UserPage([.. items.Take(size)], items.Count > size, total);
    }

    /// <summary>The text matched literally by LIKE … ESCAPE '\' (without it, Npgsql's LIKE has no escape character at all).</summary>
    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
