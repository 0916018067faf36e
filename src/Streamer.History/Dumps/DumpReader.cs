using System.Globalization;
using System.IO.Compression;
using Streamer.Core.Streams;

namespace Streamer.History.Dumps;

/// <summary>
/// Reads the CSV inside a dump zip and converts each row to the recorded layout. Recent dumps start
/// with a header (checked against the catalog's column names), older ones do not. Fields are copied
/// unchanged except booleans, which older dumps spell <c>True</c>/<c>False</c> and the recorder writes
/// <c>true</c>/<c>false</c>. Anything unexpected (a row of another width, a non-integer id or time,
/// times that are not milliseconds) is an <see cref="InvalidDataException"/> naming the line: a dump
/// that passed its checksum but does not read as expected is refused, not half-used.
/// </summary>
internal static class DumpReader
{
    // Anything from 10^14 ms (year 5138) on is a time in microseconds or nanoseconds, not milliseconds.
    private const long MaxMilliseconds = 100_000_000_000_000;

    public static IEnumerable<DumpRow> Read(string zipPath, DumpType type)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException("the archive holds no .csv file");
        using var reader = new StreamReader(entry.Open());
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (lineNumber == 1 && !long.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                CheckHeader(fields, type, entry.FullName);
                continue;
            }

            yield return Convert(fields, type, entry.FullName, lineNumber);
        }
    }

    private static void CheckHeader(string[] fields, DumpType type, string file)
    {
        var expected = type.Stream.Columns.Take(type.SharedColumns).ToList();
        if (fields.Length != type.Width || !fields.Take(type.SharedColumns).SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{file}: the header \"{string.Join(',', fields)}\" does not start with {string.Join(',', expected)}");
        }
    }

    private static DumpRow Convert(string[] fields, DumpType type, string file, int line)
    {
        if (fields.Length != type.Width)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{file} line {line}: {fields.Length} fields, a {type.Name} row has {type.Width}"));
        }

        var key = Integer(fields[DumpType.KeyColumn], file, line);
        var time = Integer(fields[type.DayColumn], file, line);
        if (time is < 0 or >= MaxMilliseconds)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{file} line {line}: time {time} is not in milliseconds"));
        }

        if (type.BooleanColumn >= 0)
        {
            fields[type.BooleanColumn] = fields[type.BooleanColumn] switch
            {
                "true" or "True" or "TRUE" => "true",
                "false" or "False" or "FALSE" => "false",
                var other => throw new InvalidDataException($"{file} line {line}: \"{other}\" is not a boolean"),
            };
        }

        var shared = fields.Length == type.SharedColumns ? string.Join(',', fields) : string.Join(',', fields, 0, type.SharedColumns);
        return new DumpRow(key, StreamCatalog.UtcDay(time), shared + type.Tail);
    }

    private static long Integer(string text, string file, int line) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{file} line {line}: \"{text}\" is not an integer");
}
