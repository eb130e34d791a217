using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Son1kVers3.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClientsAndTokenLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    install_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    country = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    city = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_from_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    first_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    visits = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                    table.ForeignKey(
                        name: "fk_clients_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "pool_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    free_base = table.Column<int>(type: "integer", nullable: false),
                    paid_base = table.Column<int>(type: "integer", nullable: false),
                    unique_clients = table.Column<int>(type: "integer", nullable: false),
                    free_reserved = table.Column<int>(type: "integer", nullable: false),
                    free_used = table.Column<int>(type: "integer", nullable: false),
                    paid_reserved = table.Column<int>(type: "integer", nullable: false),
                    paid_used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pool_days", x => x.day);
                    table.CheckConstraint("ck_pool_days_free_within_capacity", "free_reserved >= 0 AND free_used >= 0 AND free_reserved + free_used <= free_base + 7 * unique_clients");
                    table.CheckConstraint("ck_pool_days_paid_within_capacity", "paid_reserved >= 0 AND paid_used >= 0 AND paid_reserved + paid_used <= paid_base + 3 * unique_clients");
                });

            migrationBuilder.CreateTable(
                name: "token_reservations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    model = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    bucket = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_reservations", x => x.id);
                    table.ForeignKey(
                        name: "fk_token_reservations_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "client_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_days", x => new { x.day, x.client_id });
                    table.ForeignKey(
                        name: "fk_client_days_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "token_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    reservation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    bucket = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_token_movements", x => x.id);
                    table.ForeignKey(
                        name: "fk_token_movements_token_reservations_reservation_id",
                        column: x => x.reservation_id,
                        principalTable: "token_reservations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_days_client_id",
                table: "client_days",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_clients_created_from_address_first_seen",
                table: "clients",
                columns: new[] { "created_from_address", "first_seen" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_first_seen",
                table: "clients",
                column: "first_seen");

            migrationBuilder.CreateIndex(
                name: "ix_clients_install_hash",
                table: "clients",
                column: "install_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_clients_user_id",
                table: "clients",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_token_movements_day_bucket",
                table: "token_movements",
                columns: new[] { "day", "bucket" });

            migrationBuilder.CreateIndex(
                name: "ix_token_movements_reservation_id",
                table: "token_movements",
                column: "reservation_id");

            migrationBuilder.CreateIndex(
                name: "ix_token_reservations_user_id_day",
                table: "token_reservations",
                columns: new[] { "user_id", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_days");

            migrationBuilder.DropTable(
                name: "pool_days");

            migrationBuilder.DropTable(
                name: "token_movements");

            migrationBuilder.DropTable(
                name: "clients");

            migrationBuilder.DropTable(
                name: "token_reservations");
        }
    }
}
