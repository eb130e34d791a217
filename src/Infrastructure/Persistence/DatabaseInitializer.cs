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

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await new DatabaseConnector(database, clock, logger).OpenAsync(cancellationToken);
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
        var existing = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (existing is not null)
        {
            // Someone else may have registered the address first: promoting that account would hand
            // the admin panel to whoever chose its password.
            if (existing.Role != Role.Admin)
            {
                logger.LogError(
                    "ADMIN_EMAIL names an account that already exists and is not an admin ({Email}); it was NOT promoted. Set ADMIN_EMAIL to an address no account uses, or promote that account by hand if it is yours.",
                    email);
            }

            return;
        }

        var user = User.Create(email, hasher.Hash(admin.Password!), "Admin", clock.GetUtcNow());
        user.MakeAdmin();
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the admin user {Email}", email);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
