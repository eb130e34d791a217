using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Billing;
using Son1kVers3.Domain.Chat;
using Son1kVers3.Domain.Clients;
using Son1kVers3.Domain.Email;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Sharing;
using Son1kVers3.Domain.TokenPool;
using Son1kVers3.Infrastructure.TokenPool;

namespace Son1kVers3.Infrastructure.Persistence;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IAppDbContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<ExternalLogin> ExternalLogins => Set<ExternalLogin>();
    public DbSet<ChatRoom> ChatRooms => Set<ChatRoom>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<ChatMute> ChatMutes => Set<ChatMute>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ClientDay> ClientDays => Set<ClientDay>();
    public DbSet<TokenReservation> TokenReservations => Set<TokenReservation>();
    public DbSet<TokenMovement> TokenMovements => Set<TokenMovement>();
    internal DbSet<PoolDay> PoolDays => Set<PoolDay>();
    internal DbSet<PoolDayShard> PoolDayShards => Set<PoolDayShard>();
    public DbSet<Generation> Generations => Set<Generation>();
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<GenerationJob> GenerationJobs => Set<GenerationJob>();
    internal DbSet<IdempotencyClaim> IdempotencyClaims => Set<IdempotencyClaim>();
    public DbSet<Download> Downloads => Set<Download>();
    public DbSet<Share> Shares => Set<Share>();
    public DbSet<BillingCustomer> BillingCustomers => Set<BillingCustomer>();
    public DbSet<BillingSubscription> BillingSubscriptions => Set<BillingSubscription>();
    public DbSet<ProcessedPaymentEvent> ProcessedPaymentEvents => Set<ProcessedPaymentEvent>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<OutboundEmail> OutboundEmails => Set<OutboundEmail>();

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>On the instance's one data source, so EF Core and the hand-written SQL share one connection pool.</summary>
    public static void Configure(DbContextOptionsBuilder options, Npgsql.NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}
