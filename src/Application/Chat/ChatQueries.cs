using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Application.Chat;

/// <summary>A page of a room's history, newest first.</summary>
public sealed record ChatMessagePage(IReadOnlyList<ChatMessage> Items, bool HasNextPage, bool HasPreviousPage);

/// <summary>Rooms, history pages (cursors are sequence numbers), replay after a cursor, authors.</summary>
public sealed class ChatQueries(IAppDbContext db)
{
    public const int MaxPage = 100;
    public const int ReplayBatch = 500;

    public async Task<IReadOnlyList<ChatRoom>> RoomsAsync(CancellationToken ct) =>
        await db.ChatRooms.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(ct);

    public Task<ChatRoom?> RoomAsync(Guid id, CancellationToken ct) =>
        db.ChatRooms.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    public Task<ChatMessage?> MessageAsync(Guid id, CancellationToken ct) =>
        db.ChatMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.DeletedAt == null, ct);

    /// <summary>Up to <paramref name="first"/> messages older than <paramref name="beforeSeq"/> (all when null), newest first.</summary>
    public async Task<ChatMessagePage> PageAsync(Guid roomId, int first, long? beforeSeq, CancellationToken ct)
    {
        var query = db.ChatMessages.AsNoTracking().Where(m => m.RoomId == roomId && m.DeletedAt == null);
        if (beforeSeq is { } before)
        {
            query = query.Where(m => m.Seq < before);
        }

        var items = await query.OrderByDescending(m => m.Seq).Take(first + 1).ToListAsync(ct);
        return new ChatMessagePage(items.Take(first).ToList(), items.Count > first, beforeSeq is not null);
    }

    /// <summary>
    /// Paging backwards (Relay's last/before on the newest-first list): the <paramref name="last"/>
    /// messages just newer than <paramref name="afterSeq"/> (the oldest when null), still returned
    /// newest first. Messages that arrive meanwhile are newer still, so walking on with the page's
    /// first cursor as the next before has no gap and no repeat.
    /// </summary>
    public async Task<ChatMessagePage> PageBackwardAsync(Guid roomId, int last, long? afterSeq, CancellationToken ct)
    {
        var query = db.ChatMessages.AsNoTracking().Where(m => m.RoomId == roomId && m.DeletedAt == null);
        if (afterSeq is { } after)
        {
            query = query.Where(m => m.Seq > after);
        }

        var items = await query.OrderBy(m => m.Seq).Take(last + 1).ToListAsync(ct);
        var page = items.Take(last).Reverse().ToList();
        return new ChatMessagePage(page, afterSeq is not null, items.Count > last);
    }

    /// <summary>Every message with a sequence number above <paramref name="afterSeq"/> (deleted ones too, to know the order), oldest first.</summary>
    public async Task<IReadOnlyList<ChatMessage>> AfterAsync(Guid roomId, long afterSeq, long? upToSeq, CancellationToken ct)
    {
        var query = db.ChatMessages.AsNoTracking().Where(m => m.RoomId == roomId && m.Seq > afterSeq);
        if (upToSeq is { } upTo)
        {
            query = query.Where(m => m.Seq <= upTo);
        }

        return await query.OrderBy(m => m.Seq).Take(ReplayBatch).ToListAsync(ct);
    }

    public async Task<long> LastSeqAsync(Guid roomId, CancellationToken ct) =>
        await db.ChatRooms.AsNoTracking().Where(r => r.Id == roomId).Select(r => r.LastSeq).SingleOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<Guid, ChatRoom?>> RoomsByIdAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await db.ChatRooms.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => (ChatRoom?)r, ct);

    public async Task<IReadOnlyDictionary<Guid, User?>> UsersAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (User?)u, ct);
}
