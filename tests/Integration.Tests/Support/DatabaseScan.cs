using Npgsql;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>Looks through every text-like column of every table in the database (any schema but the system's).</summary>
public static class DatabaseScan
{
    /// <summary>"table.column (rows)" for each column holding <paramref name="needle"/> (case-insensitive), and how many columns were searched.</summary>
    public static async Task<(IReadOnlyList<string> Hits, int Searched)> ColumnsContainingAsync(string connectionString, string needle)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column)>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.table_schema, c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE t.table_type = 'BASE TABLE'
              AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            ORDER BY 1, 2, 3
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var hits = new List<string>();
        foreach (var (schema, table, column) in columns)
        {
            await using var count = new NpgsqlCommand(
                $"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE strpos(lower(\"{column}\"::text), lower(@needle)) > 0", connection);
            count.Parameters.AddWithValue("needle", needle);
            if ((long)(await count.ExecuteScalarAsync())! is var rows and > 0)
            {
                hits.Add($"{schema}.{table}.{column} ({rows})");
            }
        }

        return (hits, columns.Count);
    }
}
