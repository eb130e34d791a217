using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Application.Accounts.Export;

/// <summary>
/// Everything held about one user, as one JSON file (DOMAIN.md §7): profile and sign-in methods,
/// subscription, sessions, clients, generations with their tracks, downloads, shares, the usage
/// ledger, chat messages and mutes, and the mail sent to them. Only their rows; never a password
/// hash, a token hash, an install-id hash or a mail body (those carry links with tokens).
/// </summary>
public sealed class ExportAccountData(IAppDbContext db, TimeProvider clock)
{
    public const string Format = "son1kvers3.account-export";

    /// <summary>The user to export; null when the account no longer exists.</summary>
    public Task<User?> FindAsync(Guid userId, CancellationToken ct) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);

    public static string FileName(User user, DateTimeOffset now) => $"son1kvers3-export-{user.Id:N}-{now:yyyyMMdd}.json";

    public async Task WriteAsync(User user, Stream output, CancellationToken ct)
    {
        await using var json = new ExportJson(output);
        var root = json.Writer;
        root.WriteStartObject();
        root.WriteString("format", Format);
        root.WriteNumber("version", 1);
        root.WriteTime("exportedAt", clock.GetUtcNow());
        json.Object("profile", user, WriteProfile);
        await json.ArrayAsync("linkedProviders", db.ExternalLogins.AsNoTracking().Where(l => l.UserId == user.Id).OrderBy(l => l.LinkedAt).AsAsyncEnumerable(), (w, l) =>
        {
            w.WriteString("provider", l.Provider.ToString().ToUpperInvariant());
            w.WriteString("providerUserId", l.ProviderUserId);
            w.WriteTime("linkedAt", l.LinkedAt);
        }, ct);
        await ExportSections.WriteBillingAsync(db, json, user.Id, ct);
        await ExportSections.WriteSessionsAsync(db, json, user.Id, clock.GetUtcNow(), ct);
        await ExportSections.WriteClientsAsync(db, json, user.Id, ct);
        await ExportSections.WriteGenerationsAsync(db, json, user.Id, ct);
        await ExportSections.WriteUsageAsync(db, json, user.Id, ct);
        await ExportSections.WriteChatAsync(db, json, user.Id, ct);
        await json.ArrayAsync("emails", db.OutboundEmails.AsNoTracking().Where(m => m.UserId == user.Id).OrderBy(m => m.CreatedAt)
            .Select(m => new { m.To, m.Subject, m.CreatedAt, m.SentAt }).AsAsyncEnumerable(), (w, m) =>
        {
            w.WriteString("to", m.To);
            w.WriteString("subject", m.Subject);
            w.WriteTime("queuedAt", m.CreatedAt);
            w.WriteTime("sentAt", m.SentAt);
        }, ct);
        root.WriteEndObject();
        await root.FlushAsync(ct);
    }

    private static void WriteProfile(Utf8JsonWriter w, User user)
    {
        w.WriteString("id", user.Id);
        w.WriteString("email", user.Email);
        w.WriteString("displayName", user.DisplayName);
        w.WriteString("role", user.Role.ToString().ToUpperInvariant());
        w.WriteString("tier", user.Tier.ToString().ToUpperInvariant());
        w.WriteString("locale", user.Locale);
        w.WriteBoolean("emailVerified", user.IsEmailVerified);
        w.WriteTime("emailVerifiedAt", user.EmailVerifiedAt);
        w.WriteBoolean("hasPassword", user.PasswordHash is not null);
        w.WriteTime("createdAt", user.CreatedAt);
    }
}
