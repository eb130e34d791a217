using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Son1kVers3.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PoolDayShards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "shard",
                table: "token_reservations",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                comment: "The pool_day_shards row whose token this reservation holds.");

            migrationBuilder.AddColumn<int>(
                name: "shards",
                table: "pool_days",
                type: "integer",
                nullable: false,
                defaultValue: 32);

            migrationBuilder.CreateTable(
                name: "pool_day_shards",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    shard = table.Column<int>(type: "integer", nullable: false),
                    free_reserved = table.Column<int>(type: "integer", nullable: false),
                    free_used = table.Column<int>(type: "integer", nullable: false),
                    paid_reserved = table.Column<int>(type: "integer", nullable: false),
                    paid_used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pool_day_shards", x => new { x.day, x.shard });
                    table.CheckConstraint("ck_pool_day_shards_free_not_negative", "free_reserved >= 0 AND free_used >= 0");
                    table.CheckConstraint("ck_pool_day_shards_paid_not_negative", "paid_reserved >= 0 AND paid_used >= 0");
                    table.ForeignKey(
                        name: "fk_pool_day_shards_pool_days_day",
                        column: x => x.day,
                        principalTable: "pool_days",
                        principalColumn: "day",
                        onDelete: ReferentialAction.Cascade);
                });

            // The days so far keep their figures in one shard (shard 0); new days get the default count.
            migrationBuilder.Sql("""
                UPDATE pool_days SET shards = 1;
                INSERT INTO pool_day_shards (day, shard, free_reserved, free_used, paid_reserved, paid_used)
                SELECT day, 0, free_reserved, free_used, paid_reserved, paid_used FROM pool_days;
                """);

            migrationBuilder.DropCheckConstraint(
                name: "ck_pool_days_free_within_capacity",
                table: "pool_days");

            migrationBuilder.DropCheckConstraint(
                name: "ck_pool_days_paid_within_capacity",
                table: "pool_days");

            migrationBuilder.DropColumn(
                name: "free_reserved",
                table: "pool_days");

            migrationBuilder.DropColumn(
                name: "free_used",
                table: "pool_days");

            migrationBuilder.DropColumn(
                name: "paid_reserved",
                table: "pool_days");

            migrationBuilder.DropColumn(
                name: "paid_used",
                table: "pool_days");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.DropColumn(
                name: "shard",
                table: "token_reservations");

            migrationBuilder.DropColumn(
                name: "shards",
                table: "pool_days");

            migrationBuilder.AddColumn<int>(
                name: "free_reserved",
                table: "pool_days",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "free_used",
                table: "pool_days",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "paid_reserved",
                table: "pool_days",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "paid_used",
                table: "pool_days",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("""
                UPDATE pool_days p SET free_reserved = s.fr, free_used = s.fu, paid_reserved = s.pr, paid_used = s.pu
                FROM (SELECT day, sum(free_reserved)::int AS fr, sum(free_used)::int AS fu, sum(paid_reserved)::int AS pr, sum(paid_used)::int AS pu
                      FROM pool_day_shards GROUP BY day) s
                WHERE p.day = s.day;
                """);

            migrationBuilder.DropTable(
                name: "pool_day_shards");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pool_days_free_within_capacity",
                table: "pool_days",
                sql: "free_reserved >= 0 AND free_used >= 0 AND free_reserved + free_used <= free_base + 7 * unique_clients");

            migrationBuilder.AddCheckConstraint(
                name: "ck_pool_days_paid_within_capacity",
                table: "pool_days",
                sql: "paid_reserved >= 0 AND paid_used >= 0 AND paid_reserved + paid_used <= paid_base + 3 * unique_clients");
        }
    }
}
