using System.Text;
using Npgsql;
using NpgsqlTypes;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure.Jobs;

/// <summary>
/// The one statement of an outcome (see <see cref="PostgresGenerationOutcomes"/>). It returns one row: whether the fence
/// held (always, without a lease), whether the outcome was written, the job's lease token and holder as the statement saw
/// them and whether the job existed, and the day and user of a reservation it settled.
/// </summary>
internal static class OutcomeStatement
{
    public static NpgsqlCommand Build(GenerationOutcome outcome, DateTimeOffset now, NpgsqlConnection connection)
    {
        var generation = outcome.Read.Generation;
        var command = new NpgsqlCommand { Connection = connection };
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter("id", generation.Id));
        var sql = new StringBuilder("WITH ");
        if (outcome.Lease is { } lease)
        {
            sql.Append("fence AS (SELECT 1 FROM generation_jobs WHERE generation_id = @id AND lease_token = @token FOR UPDATE),\n");
            parameters.Add(new NpgsqlParameter("token", lease.Token));
        }
        else
        {
            // A callback has no lease to check, but it locks the job row (if any) first all the same: every writer of a
            // generation takes the job row before the generation row, as a worker's fence does. Taken the other way round
            // (the generation's update, then the job's end), a callback and a worker's step deadlocked.
            sql.Append("job_locked AS (SELECT 1 FROM generation_jobs WHERE generation_id = @id FOR UPDATE),\n");
            sql.Append("fence AS (SELECT count(*) FROM job_locked),\n");
        }

        if (outcome.Changed)
        {
            AppendGeneration(sql, parameters, outcome.Read);
            sql.Append("written AS (SELECT 1 FROM gen)");
        }
        else
        {
            sql.Append("written AS (SELECT 1 FROM fence)");
        }

        if (generation.Status.IsTerminal())
        {
            sql.Append(",\nended AS (DELETE FROM generation_jobs WHERE generation_id = @id AND EXISTS (SELECT 1 FROM written))");
        }
        else if (outcome.Job is { IsScheduled: true } job)
        {
            sql.Append("""
                ,
                rescheduled AS (
                    UPDATE generation_jobs SET step = @j_step, due_at = @j_due, attempts = @j_attempts, lease_until = NULL, lease_token = NULL
                    WHERE generation_id = @id AND EXISTS (SELECT 1 FROM written))
                """);
            parameters.Add(new NpgsqlParameter("j_step", job.Step.ToString()));
            parameters.Add(new NpgsqlParameter("j_due", job.DueAt));
            parameters.Add(new NpgsqlParameter("j_attempts", job.Attempts));
        }

        var settledColumns = "NULL::date, NULL::uuid";
        if (outcome.Settle is { } settle)
        {
            var (ctes, settleParameters) = LedgerRows.Settle(settle.ReservationId, settle.Commit, settle.Reason, now, "EXISTS (SELECT 1 FROM written)");
            sql.Append(",\n").Append(ctes);
            parameters.AddRange(settleParameters);
            settledColumns = "(SELECT day FROM claimed), (SELECT user_id FROM claimed)";
        }

        sql.Append($"""

            SELECT (SELECT count(*) FROM fence), (SELECT count(*) FROM written),
                   j.lease_token, j.leased_by, j.generation_id IS NOT NULL, {settledColumns}
            FROM (SELECT 1) AS one LEFT JOIN generation_jobs j ON j.generation_id = @id
            """);
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>The generation's update, guarded by its version as read and (for a worker) by the fence, and its tracks.</summary>
    private static void AppendGeneration(StringBuilder sql, NpgsqlParameterCollection parameters, StoredGeneration read)
    {
        var generation = read.Generation;
        sql.Append("""
            gen AS (
                UPDATE generations SET status = @g_status, provider_task_id = @g_task, failure_reason = @g_failure, updated_at = @g_updated, submitted_at = @g_submitted
                WHERE id = @id AND xmin = @g_version AND EXISTS (SELECT 1 FROM fence)
                RETURNING id),

            """);
        parameters.Add(new NpgsqlParameter("g_status", generation.Status.ToString()));
        parameters.Add(Nullable("g_task", NpgsqlDbType.Text, generation.ProviderTaskId));
        parameters.Add(Nullable("g_failure", NpgsqlDbType.Text, generation.FailureReason));
        parameters.Add(new NpgsqlParameter("g_updated", generation.UpdatedAt));
        parameters.Add(Nullable("g_submitted", NpgsqlDbType.TimestampTz, generation.SubmittedAt));
        parameters.Add(new NpgsqlParameter("g_version", NpgsqlDbType.Xid) { Value = read.Version });
        if (generation.Tracks.Count == 0)
        {
            return;
        }

        var rows = new List<string>();
        for (var i = 0; i < generation.Tracks.Count; i++)
        {
            var track = generation.Tracks[i];
            rows.Add($"(@t{i}_id, @id, @t{i}_position, @t{i}_clip, @t{i}_title, @t{i}_audio, @t{i}_stream, @t{i}_image, @t{i}_duration, @t{i}_lyrics)");
            parameters.Add(new NpgsqlParameter($"t{i}_id", track.Id));
            parameters.Add(new NpgsqlParameter($"t{i}_position", track.Position));
            parameters.Add(new NpgsqlParameter($"t{i}_clip", track.ProviderClipId));
            parameters.Add(Nullable($"t{i}_title", NpgsqlDbType.Text, track.Title));
            parameters.Add(Nullable($"t{i}_audio", NpgsqlDbType.Text, track.AudioUrl));
            parameters.Add(Nullable($"t{i}_stream", NpgsqlDbType.Text, track.StreamAudioUrl));
            parameters.Add(Nullable($"t{i}_image", NpgsqlDbType.Text, track.ImageUrl));
            parameters.Add(Nullable($"t{i}_duration", NpgsqlDbType.Double, track.DurationSeconds));
            parameters.Add(Nullable($"t{i}_lyrics", NpgsqlDbType.Text, track.Lyrics));
        }

        sql.Append($"""
            stored_tracks AS (
                INSERT INTO tracks (id, generation_id, position, provider_clip_id, title, audio_url, stream_audio_url, image_url, duration_seconds, lyrics)
                SELECT * FROM (VALUES {string.Join(", ", rows)}) AS t WHERE EXISTS (SELECT 1 FROM gen)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, audio_url = excluded.audio_url, stream_audio_url = excluded.stream_audio_url,
                    image_url = excluded.image_url, duration_seconds = excluded.duration_seconds, lyrics = excluded.lyrics),

            """);
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };
}
