using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Son1kVers3.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeletedAccountTombstones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deleted_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "deleted_at",
                table: "users");
        }
    }
}
