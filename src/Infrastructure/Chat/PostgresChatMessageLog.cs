using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Chat;

/// <summary>
/// One transaction per message: the room row's last_seq is incremented (its row lock orders
/// concurrent senders on every instance, and a rolled-back insert gives its number back), then the
/// message is inserted; the (author, clientMessageId) unique index turns a retry into a read.
/// </summary>
internal sealed class PostgresChatMessageLog(NpgsqlDataSource dataSource) : IChatMessageLog
{
    private const string Columns = "id, room_id, author_id, seq, text, client_message_id, created_at, deleted_at";

    public async Task<ChatAppend> AppendAsync(Guid roomId, Guid authorId, string text, string? clientMessageId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var seq = await Sql.ScalarAsync<long?>(connection, tx,
                "UPDATE chat_rooms SET last_seq = last_seq + 1 WHERE id = @p0 AND NOT archived RETURNING last_seq", ct, roomId);
            if (seq is null)
            {
                await tx.RollbackAsync(ct);
                var archived = await Sql.ScalarAsync<bool?>(connection, null, "SELECT archived FROM chat_rooms WHERE id = @p0", ct, roomId);
                return new ChatAppend(archived is null ? ChatAppendOutcome.RoomNotFound : ChatAppendOutcome.RoomArchived, null);
            }

            await using var insert = Sql.Command(connection, tx, $"""
                INSERT INTO chat_messages (id, room_id, author_id, seq, text, client_message_id, created_at)
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)
                ON CONFLICT (author_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
                RETURNING {Columns}
                """, Guid.CreateVersion7(now), roomId, authorId, seq.Value, text, clientMessageId, now);
            var created = await ReadOneAsync(insert, ct);
            if (created is not null)
            {
                await tx.CommitAsync(ct);
                return new ChatAppend(ChatAppendOutcome.Created, created);
            }

            await tx.RollbackAsync(ct); // a concurrent retry won: give the number back
        }

        await using var select = Sql.Command(connection, null, $"SELECT {Columns} FROM chat_messages WHERE author_id = @p0 AND client_message_id = @p1", authorId, clientMessageId);
        return new ChatAppend(ChatAppendOutcome.Existing, await ReadOneAsync(select, ct)
            ?? throw new InvalidOperationException("A chat message conflicted on its clientMessageId but cannot be read."));
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
