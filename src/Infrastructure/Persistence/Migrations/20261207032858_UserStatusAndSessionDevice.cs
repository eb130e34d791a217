using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Son1kVers3.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UserStatusAndSessionDevice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "users",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Active");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "suspended_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "suspension_reason",
                table: "users",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "country",
                table: "refresh_tokens",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_agent",
                table: "refresh_tokens",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            // The admins' user search: a case-insensitive prefix of the email (stored in lower case) or
            // of the display name, answered by LIKE 'prefix%' whatever the database's collation.
            migrationBuilder.Sql("CREATE INDEX ix_users_email_prefix ON users (email text_pattern_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_users_display_name_prefix ON users (lower(display_name) text_pattern_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_users_display_name_prefix;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_users_email_prefix;");

            migrationBuilder.DropColumn(
                name: "status",
                table: "users");

            migrationBuilder.DropColumn(
                name: "suspended_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "suspension_reason",
                table: "users");

            migrationBuilder.DropColumn(
                name: "country",
                table: "refresh_tokens");

            migrationBuilder.DropColumn(
                name: "user_agent",
                table: "refresh_tokens");
        }
    }
}
