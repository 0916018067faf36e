using DuckDB.NET.Data;

namespace Streamer.Tests.Support;

/// <summary>
/// DuckDB as the independent Parquet reader of the tests: it never sees our reader code, so a file it reads back
/// as the recorded CSV is right for every other tool too. Shared (linked) by the storage and integration tests.
/// </summary>
internal static class DuckDb
{
    /// <summary>Column name and DuckDB type of every column of a Parquet file.</summary>
    public static List<(string Name, string Type)> Columns(string parquet)
    {
        var result = new List<(string, string)>();
        Query($"DESCRIBE SELECT * FROM read_parquet('{Escape(parquet)}', hive_partitioning = false)", r => result.Add((r.GetString(0), r.GetString(1))));
        return result;
    }

    /// <summary>Has DuckDB write the Parquet file as CSV (header, comma, its own formatting) and returns the text.</summary>
    public static string ToCsv(string parquet)
    {
        var csv = Path.Combine(Path.GetTempPath(), "duck-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            Execute($"COPY (SELECT * FROM read_parquet('{Escape(parquet)}', hive_partitioning = false)) TO '{Escape(csv)}' (HEADER, DELIMITER ',')");
            return File.ReadAllText(csv).ReplaceLineEndings("\n");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>A single value from a query.</summary>
    public static object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Query(string sql, Action<DuckDBDataReader> row)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = (DuckDBDataReader)command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    private static string Escape(string path) => path.Replace("'", "''", StringComparison.Ordinal);
}
