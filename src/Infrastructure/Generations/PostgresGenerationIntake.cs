using Npgsql;
using NpgsqlTypes;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure.Generations;

/// <summary>
/// The generation row and its job row are inserted by the reservation's own statement (only if the token is
/// taken), so an accepted generation costs two round trips: the ledger's read and that one autocommitted statement.
/// </summary>
internal sealed class PostgresGenerationIntake(PostgresTokenLedger ledger) : IGenerationIntake
{
    private const string Rows = """
        , stored AS (
            INSERT INTO generations (id, user_id, model, custom_mode, prompt, style, title, instrumental, idempotency_key, reservation_id, status, created_at, updated_at)
            SELECT @g_id, @g_user, @g_model, @g_custom, @g_prompt, @g_style, @g_title, @g_instrumental, @g_key, id, @g_status, @g_created, @g_updated FROM reserved
            RETURNING id)
        , queued AS (
            INSERT INTO generation_jobs (generation_id, step, due_at, attempts)
            SELECT id, @j_step, @j_due, @j_attempts FROM stored)
        """;

    public Task<Result<ReservationReceipt>> ReserveAndStoreAsync(Generation generation, GenerationJob job, CancellationToken cancellationToken)
    {
        var rows = new StoredWith(Rows,
        [
            new("g_id", generation.Id), new("g_user", generation.UserId), Text("g_model", generation.Model.ToString()),
            new("g_custom", generation.CustomMode), Text("g_prompt", generation.Prompt), Text("g_style", generation.Style), Text("g_title", generation.Title),
            new("g_instrumental", generation.Instrumental), Text("g_key", generation.IdempotencyKey), Text("g_status", generation.Status.ToString()),
            new("g_created", generation.CreatedAt), new("g_updated", generation.UpdatedAt),
            Text("j_step", job.Step.ToString()), new("j_due", job.DueAt), new("j_attempts", job.Attempts),
        ]);
        return ledger.ReserveAsync(generation.UserId, generation.Model, generation.ReservationId, $"generation {generation.Id}", rows, cancellationToken);
    }

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
