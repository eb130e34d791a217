using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Son1kVers3.Application.Accounts;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>
/// Applies pending migrations and seeds the admin and the "general" chat room. Runs under a
/// PostgreSQL advisory lock, so several instances starting together take turns; every step is
/// idempotent.
/// </summary>
public sealed class DatabaseInitializer(
    AppDbContext db,
    DatabaseSettings database,
    AdminSeedSettings admin,
    PasswordHasher hasher,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    private const long AdvisoryLockKey = 0x53_31_4B_56_49_4E_49_54; // "S1KVINIT"
    private static readonly TimeSpan WaitForDatabase = TimeSpan.FromSeconds(30);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithRetryAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            if (database.MigrateOnStart)
            {
                // EF Core reads the history table before creating it, which on a fresh database logs a
                // failed command at error level; creating it first (EF's own script) keeps the log clean.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }

            await SeedChatRoomAsync(cancellationToken);
            await SeedAdminAsync(cancellationToken);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task SeedChatRoomAsync(CancellationToken cancellationToken)
    {
        if (!await db.ChatRooms.AnyAsync(r => r.Name == ChatRoom.GeneralRoomName, cancellationToken))
        {
            db.ChatRooms.Add(ChatRoom.Create(ChatRoom.GeneralRoomName, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task SeedAdminAsync(CancellationToken cancellationToken)
    {
        if (!admin.IsSet)
        {
            return;
        }

        var email = EmailAddress.Normalize(admin.Email!);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            user = User.Create(email, hasher.Hash(admin.Password!), "Admin", clock.GetUtcNow());
            db.Users.Add(user);
            logger.LogInformation("Seeded the admin user {Email}", email);
        }

        user.MakeAdmin();
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenWithRetryAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + WaitForDatabase;
        while (true)
        {
            var connection = new NpgsqlConnection(database.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (NpgsqlException ex) when (clock.GetUtcNow() < deadline && ex.IsTransient)
            {
                await connection.DisposeAsync();
                logger.LogWarning("PostgreSQL is not answering yet ({Message}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
