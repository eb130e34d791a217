using Npgsql;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Infrastructure.Auth;

/// <summary>
/// Refresh-token families on PostgreSQL. Every change to a family (rotation, reuse revocation,
/// logout) first locks the family's rows in id order, then reads and writes with fresh statements
/// in the same transaction. So a revocation waits for a rotation in flight and its UPDATE then sees
/// the successor the rotation committed; a rotation waiting for a revocation then sees its token
/// revoked. Neither can leave a live token in a revoked family.
/// A rotation first holds the user's row shared, which revoking all the user's sessions locks
/// exclusively (<see cref="Application.Accounts.SessionRevocation"/>): the two serialise the same
/// way. A suspended user's token is not rotated. An ended family's access tokens are voided at
/// once (<see cref="SessionLiveness"/>).
/// </summary>
internal sealed class PostgresRefreshTokenStore(NpgsqlDataSource dataSource, SessionLiveness liveness, TimeProvider clock) : IRefreshTokenStore
{
    public async Task<RefreshRotation> RotateAsync(string presentedHash, string successorHash, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var owner = await Sql.ScalarAsync<Guid?>(connection, tx, "SELECT user_id FROM refresh_tokens WHERE token_hash = @p0", cancellationToken, presentedHash);
        if (owner is null)
        {
            return new RefreshRotation(RotationOutcome.Unknown, Guid.Empty);
        }

        var status = await Sql.ScalarAsync<string>(connection, tx, "SELECT status FROM users WHERE id = @p0 FOR SHARE", cancellationToken, owner);
        if (status == nameof(UserStatus.Suspended))
        {
            return new RefreshRotation(RotationOutcome.Suspended, owner.Value);
        }

        var token = await LockFamilyAsync(connection, tx, presentedHash, cancellationToken);
        if (token is null || now >= token.ExpiresAt)
        {
            return new RefreshRotation(RotationOutcome.Unknown, Guid.Empty);
        }

        if (token.Spent)
        {
            await RevokeAsync(connection, tx, token.FamilyId, now, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            await liveness.EndedAsync(token.FamilyId, cancellationToken);
            return new RefreshRotation(RotationOutcome.Reused, token.UserId);
        }

        await Sql.ExecuteAsync(connection, tx, "UPDATE refresh_tokens SET used_at = @p1 WHERE id = @p0", cancellationToken, token.Id, now);
        // The successor carries the session's device (user agent, country) on.
        await Sql.ExecuteAsync(connection, tx, """
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at, user_agent, country)
            SELECT @p0, user_id, family_id, @p1, @p2, @p3, user_agent, country FROM refresh_tokens WHERE id = @p4
            """, cancellationToken, Guid.CreateVersion7(now), successorHash, now, now + lifetime, token.Id);
        await tx.CommitAsync(cancellationToken);
        return new RefreshRotation(RotationOutcome.Rotated, token.UserId, token.FamilyId);
    }

    public async Task<bool> RevokeFamilyAsync(string presentedHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var token = await LockFamilyAsync(connection, tx, presentedHash, cancellationToken);
        if (token is null)
        {
            return false;
        }

        await RevokeAsync(connection, tx, token.FamilyId, clock.GetUtcNow(), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        await liveness.EndedAsync(token.FamilyId, cancellationToken);
        return true;
    }

    /// <summary>Locks every row of the token's family, then reads the token as it is now; null when unknown.</summary>
    private static async Task<StoredToken?> LockFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string hash, CancellationToken ct)
    {
        var familyId = await Sql.ScalarAsync<Guid?>(connection, tx, "SELECT family_id FROM refresh_tokens WHERE token_hash = @p0", ct, hash);
        if (familyId is null)
        {
            return null;
        }

        await Sql.ExecuteAsync(connection, tx, "SELECT id FROM refresh_tokens WHERE family_id = @p0 ORDER BY id FOR UPDATE", ct, familyId);
        await using var command = Sql.Command(connection, tx,
            "SELECT id, user_id, family_id, expires_at, used_at IS NOT NULL OR revoked_at IS NOT NULL FROM refresh_tokens WHERE token_hash = @p0", hash);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredToken(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4))
            : null;
    }

    private static Task<int> RevokeAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid familyId, DateTimeOffset now, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, tx, "UPDATE refresh_tokens SET revoked_at = @p1 WHERE family_id = @p0 AND revoked_at IS NULL", ct, familyId, now);

    private sealed record StoredToken(Guid Id, Guid UserId, Guid FamilyId, DateTimeOffset ExpiresAt, bool Spent);
}
