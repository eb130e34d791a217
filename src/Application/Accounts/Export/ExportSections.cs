using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;

namespace Son1kVers3.Application.Accounts.Export;

/// <summary>The export's larger sections, each streamed from one query of the user's rows.</summary>
internal static class ExportSections
{
    public static async Task WriteBillingAsync(IAppDbContext db, ExportJson json, Guid userId, CancellationToken ct)
    {
        var customer = await db.BillingCustomers.AsNoTracking().Where(c => c.UserId == userId).Select(c => new { c.CustomerId, c.CreatedAt }).SingleOrDefaultAsync(ct);
        json.Object("billingCustomer", customer, (w, c) =>
        {
            w.WriteString("customerId", c.CustomerId);
            w.WriteTime("createdAt", c.CreatedAt);
        });
        var subscription = await db.BillingSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, ct);
        json.Object("subscription", subscription, (w, s) =>
        {
            w.WriteString("subscriptionId", s.SubscriptionId);
            w.WriteString("tier", s.Tier.ToString().ToUpperInvariant());
            w.WriteString("status", s.Status.ToString().ToUpperInvariant());
            w.WriteTime("currentPeriodEnd", s.CurrentPeriodEnd);
            w.WriteBoolean("cancelAtPeriodEnd", s.CancelAtPeriodEnd);
            w.WriteTime("startedAt", s.SubscriptionCreatedAt);
        });
    }

    /// <summary>Every sign-in session (refresh-token family), live or ended; never a token or its hash.</summary>
    public static Task WriteSessionsAsync(IAppDbContext db, ExportJson json, Guid userId, DateTimeOffset now, CancellationToken ct) =>
        json.ArrayAsync("sessions", db.RefreshTokens.AsNoTracking().Where(t => t.UserId == userId).GroupBy(t => t.FamilyId)
            .Select(g => new
            {
                Id = g.Key,
                CreatedAt = g.Min(t => t.CreatedAt),
                LastUsedAt = g.Max(t => t.CreatedAt),
                Live = g.Any(t => t.RevokedAt == null && t.UsedAt == null && t.ExpiresAt > now),
            })
            .OrderBy(s => s.CreatedAt).AsAsyncEnumerable(), (w, s) =>
        {
            w.WriteString("id", s.Id);
            w.WriteTime("createdAt", s.CreatedAt);
            w.WriteTime("lastUsedAt", s.LastUsedAt);
            w.WriteBoolean("live", s.Live);
        }, ct);

    public static Task WriteClientsAsync(IAppDbContext db, ExportJson json, Guid userId, CancellationToken ct) =>
        json.ArrayAsync("clients", db.Clients.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.FirstSeen).AsAsyncEnumerable(), (w, c) =>
        {
            w.WriteString("id", c.Id);
            w.WriteString("userAgent", c.UserAgent);
            w.WriteString("country", c.Country);
            w.WriteString("city", c.City);
            w.WriteString("createdFromAddress", c.CreatedFromAddress);
            w.WriteTime("firstSeen", c.FirstSeen);
            w.WriteTime("lastSeen", c.LastSeen);
            w.WriteNumber("visits", c.Visits);
        }, ct);

    /// <summary>Generations with their tracks (one query, read as it streams), then downloads and shares.</summary>
    public static async Task WriteGenerationsAsync(IAppDbContext db, ExportJson json, Guid userId, CancellationToken ct)
    {
        var generations = db.Generations.AsNoTracking().Include(g => g.Tracks).Where(g => g.UserId == userId).OrderBy(g => g.CreatedAt).ThenBy(g => g.Id);
        await json.ArrayAsync("generations", generations.AsAsyncEnumerable(), (w, g) =>
        {
            w.WriteString("id", g.Id);
            w.WriteString("status", g.Status.ToString().ToUpperInvariant());
            w.WriteString("model", g.Model.ToString().ToUpperInvariant());
            w.WriteBoolean("customMode", g.CustomMode);
            w.WriteString("prompt", g.Prompt);
            w.WriteString("style", g.Style);
            w.WriteString("title", g.Title);
            w.WriteBoolean("instrumental", g.Instrumental);
            w.WriteString("failureReason", g.FailureReason);
            w.WriteTime("createdAt", g.CreatedAt);
            w.WriteTime("updatedAt", g.UpdatedAt);
            w.WriteStartArray("tracks");
            foreach (var t in g.Tracks.OrderBy(t => t.Position))
            {
                w.WriteStartObject();
                w.WriteString("id", t.Id);
                w.WriteNumber("position", t.Position);
                w.WriteString("title", t.Title);
                w.WriteString("lyrics", t.Lyrics);
                w.WriteNumber("durationSeconds", t.DurationSeconds);
                w.WriteString("imageUrl", t.ImageUrl);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }, ct);
        await json.ArrayAsync("downloads", db.Downloads.AsNoTracking().Where(d => d.UserId == userId).OrderBy(d => d.CreatedAt).AsAsyncEnumerable(), (w, d) =>
        {
            w.WriteString("trackId", d.TrackId);
            w.WriteString("day", d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteTime("at", d.CreatedAt);
        }, ct);
        await json.ArrayAsync("shares", db.Shares.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).AsAsyncEnumerable(), (w, s) =>
        {
            w.WriteString("id", s.Id);
            w.WriteString("slug", s.Slug);
            w.WriteString("generationId", s.GenerationId);
            w.WriteBoolean("watermarked", s.Watermarked);
            w.WriteTime("createdAt", s.CreatedAt);
        }, ct);
    }

    /// <summary>The usage history: each reservation of quota, allocation and a pool token, and every ledger movement.</summary>
    public static async Task WriteUsageAsync(IAppDbContext db, ExportJson json, Guid userId, CancellationToken ct)
    {
        await json.ArrayAsync("usageReservations", db.TokenReservations.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.CreatedAt).AsAsyncEnumerable(), (w, r) =>
        {
            w.WriteString("id", r.Id);
            w.WriteString("day", r.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("model", r.Model.ToString().ToUpperInvariant());
            w.WriteString("bucket", r.Bucket.ToString().ToUpperInvariant());
            w.WriteString("state", r.State.ToString().ToUpperInvariant());
            w.WriteTime("createdAt", r.CreatedAt);
            w.WriteTime("settledAt", r.SettledAt);
        }, ct);
        await json.ArrayAsync("usageLedger", db.TokenMovements.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.Id).AsAsyncEnumerable(), (w, m) =>
        {
            w.WriteString("reservationId", m.ReservationId);
            w.WriteString("kind", m.Kind.ToString().ToUpperInvariant());
            w.WriteString("bucket", m.Bucket.ToString().ToUpperInvariant());
            w.WriteTime("at", m.At);
            w.WriteString("reason", m.Reason);
        }, ct);
    }

    public static async Task WriteChatAsync(IAppDbContext db, ExportJson json, Guid userId, CancellationToken ct)
    {
        await json.ArrayAsync("chatMessages", db.ChatMessages.AsNoTracking().Where(m => m.AuthorId == userId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).AsAsyncEnumerable(), (w, m) =>
        {
            w.WriteString("id", m.Id);
            w.WriteString("roomId", m.RoomId);
            w.WriteString("text", m.Text);
            w.WriteTime("createdAt", m.CreatedAt);
            w.WriteTime("deletedAt", m.DeletedAt);
        }, ct);
        await json.ArrayAsync("chatMutes", db.ChatMutes.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.Until).AsAsyncEnumerable(), (w, m) =>
        {
            w.WriteString("roomId", m.RoomId);
            w.WriteTime("until", m.Until);
        }, ct);
    }
}
