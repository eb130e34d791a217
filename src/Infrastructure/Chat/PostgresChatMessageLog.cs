using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Chat;

/// <summary>
/// One statement per message, committed on its own: the room row's last_seq is incremented (its
/// row lock orders concurrent senders on every instance) and the message inserted with that number,
/// so the lock is held only while PostgreSQL runs the statement and commits it, never across a
/// round trip to this process. The commit waits for the WAL flush as every other write does: a
/// message that was announced survives a crash of PostgreSQL, and its number is never handed out
/// twice.
/// The (author, clientMessageId) unique index turns a retry into a read; only two retries racing
/// each other leave a number unused (a gap, which readers skip).
/// </summary>
internal sealed class PostgresChatMessageLog(NpgsqlDataSource dataSource) : IChatMessageLog
{
    private const string Columns = "id, room_id, author_id, seq, text, client_message_id, created_at, deleted_at";

    public async Task<ChatAppend> AppendAsync(Guid roomId, Guid authorId, string text, string? clientMessageId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var insert = Sql.Command(connection, null, $"""
            WITH room AS (
                UPDATE chat_rooms SET last_seq = last_seq + 1
                WHERE id = @p1 AND NOT archived
                  AND NOT EXISTS (SELECT 1 FROM chat_messages WHERE author_id = @p2 AND client_message_id = @p4)
                RETURNING last_seq)
            INSERT INTO chat_messages (id, room_id, author_id, seq, text, client_message_id, created_at)
            SELECT @p0, @p1, @p2, room.last_seq, @p3, @p4, @p5 FROM room
            ON CONFLICT (author_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
            RETURNING {Columns}
            """, Guid.CreateVersion7(now), roomId, authorId, text, clientMessageId, now))
        {
            if (await ReadOneAsync(insert, ct) is { } created)
            {
                return new ChatAppend(ChatAppendOutcome.Created, created);
            }
        }

        if (clientMessageId is not null)
        {
            await using var select = Sql.Command(connection, null, $"SELECT {Columns} FROM chat_messages WHERE author_id = @p0 AND client_message_id = @p1", authorId, clientMessageId);
            if (await ReadOneAsync(select, ct) is { } existing)
            {
                return new ChatAppend(ChatAppendOutcome.Existing, existing);
            }
        }

        var archived = await Sql.ScalarAsync<bool?>(connection, null, "SELECT archived FROM chat_rooms WHERE id = @p0", ct, roomId);
        return archived switch
        {
            null => new ChatAppend(ChatAppendOutcome.RoomNotFound, null),
            true => new ChatAppend(ChatAppendOutcome.RoomArchived, null),
            false => throw new InvalidOperationException("A chat message was neither inserted nor found, in an open room."),
        };
    }

    private static async Task<ChatMessage?> ReadOneAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return ChatMessage.Restore(
            reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7));
    }
}
