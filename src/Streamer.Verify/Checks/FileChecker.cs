using System.Globalization;
using System.Text;
using Streamer.Core.Streams;
using Streamer.Verify.Reading;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// Checks one data file line by line: the header, each row's column count, integers and time (which must
/// fall in the file's day), then hands the well-formed rows to the stream's <see cref="IRowCheck"/>.
/// Rows that fail are counted as malformed with their line numbers, and never reach the stream check.
/// </summary>
internal sealed class FileChecker : ILineSink
{
    private const long DayMs = 86_400_000;
    private const int MaxQuoted = 120;

    private readonly StreamInfo _stream;
    private readonly string _exchange;
    private readonly DayResult _day;
    private readonly IRowCheck? _check;
    private readonly string _file;
    private readonly bool _tail;
    private readonly long _dayStartMs;
    private StreamLayout? _layout;
    private bool _headerSeen;
    private Range[] _fields = [];
    private long[] _integers = [];

    /// <param name="stream">The file's stream.</param>
    /// <param name="day">Where findings go.</param>
    /// <param name="check">The stream-specific check, if any.</param>
    /// <param name="file">The file's path relative to the data directory.</param>
    /// <param name="tail">Reading starts somewhere in the file: no header, line numbers unknown.</param>
    /// <param name="exchange">The market that recorded the file: which columns it may leave empty (<see cref="StreamLayout.UnsentColumns"/>).</param>
    public FileChecker(StreamInfo stream, DayResult day, IRowCheck? check, string file, bool tail, string exchange = Core.Exchanges.ExchangeIds.Default)
    {
        ArgumentNullException.ThrowIfNull(day);
        _stream = stream;
        _exchange = exchange;
        _day = day;
        _check = check;
        _file = file;
        _tail = tail;
        _dayStartMs = new DateTimeOffset(day.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        if (tail)
        {
            Use(StreamLayout.For(stream, exchange));
            _headerSeen = true;
        }

        check?.Begin(day);
    }

    public void Line(ReadOnlySpan<byte> line, long lineNumber)
    {
        // Files that went through a Windows tool may end lines with \r\n; the content is the same.
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (!_headerSeen)
        {
            _headerSeen = true;
            Header(line, lineNumber);
            return;
        }

        _day.Rows++;
        if (_layout is not { } layout)
        {
            return; // The header was wrong: the columns cannot be interpreted.
        }

        var at = new FileLine(_file, _tail ? FileLine.Unknown : lineNumber);
        var count = CsvFields.Split(line, _fields, layout.QuoteAware);
        if (count != layout.Columns.Count)
        {
            Malformed(at, string.Create(CultureInfo.InvariantCulture, $"{count} columns instead of {layout.Columns.Count}: {Quote(line)}"));
            return;
        }

        foreach (var column in layout.IntegerColumns)
        {
            if (!CsvFields.TryParseLong(line[_fields[column]], out _integers[column]))
            {
                NotAnInteger(layout, column, line, at);
                return;
            }
        }

        foreach (var column in layout.OptionalIntegerColumns)
        {
            var field = line[_fields[column]];
            if (!field.IsEmpty && !CsvFields.TryParseLong(field, out _integers[column]))
            {
                NotAnInteger(layout, column, line, at);
                return;
            }
        }

        long time;
        if (layout.FallbackTimeColumn < 0 || !line[_fields[layout.TimeColumn]].IsEmpty)
        {
            time = _integers[layout.TimeColumn];
            if (layout.TimeInMicroseconds)
            {
                time /= 1000;
            }
        }
        else if (!line[_fields[layout.FallbackTimeColumn]].IsEmpty)
        {
            // The market does not send the day column: the writer placed the row by its receive time.
            time = _integers[layout.FallbackTimeColumn] / 1000;
        }
        else
        {
            Malformed(at, $"{layout.Columns[layout.TimeColumn]} and {layout.Columns[layout.FallbackTimeColumn]} are both empty: the row has no time");
            return;
        }

        _day.Time(time);
        if ((ulong)(time - _dayStartMs) >= DayMs)
        {
            OutsideDay(at, time);
        }

        _check?.Row(new RowView(line, _fields, _integers, at, time));
    }

    /// <summary>Records how the file ended: an unfinished last line, over-long lines.</summary>
    /// <param name="result">What the scanner saw.</param>
    /// <param name="live">The file may still be written to, so an unfinished last line may be a write in progress.</param>
    public void End(ScanResult result, bool live)
    {
        if (result.OverlongLines > 0)
        {
            _day.MalformedRows += result.OverlongLines;
            _day.Add(new Problem(Severity.Error, "columns",
                string.Create(CultureInfo.InvariantCulture, $"{result.OverlongLines} line(s) longer than {LineScanner.BufferSize} bytes, not parsed"),
                new FileLine(_file, result.FirstOverlongLine)));
        }

        if (!_headerSeen && !_tail && result.TornBytes == 0)
        {
            _day.Add(new Problem(live ? Severity.Warning : Severity.Error, "empty", "the file is empty: not even a header row", new FileLine(_file, 1)));
        }

        if (result.TornBytes > 0)
        {
            var line = _tail ? FileLine.Unknown : result.Lines + 1;
            var message = live
                ? string.Create(CultureInfo.InvariantCulture, $"last line is unfinished ({result.TornBytes} bytes without a newline); the file is live, so this may be a write in progress")
                : string.Create(CultureInfo.InvariantCulture, $"torn last line: {result.TornBytes} bytes without a newline (an interrupted write)");
            _day.Add(new Problem(live ? Severity.Warning : Severity.Error, "torn", message, new FileLine(_file, line)));
        }
    }

    private void Header(ReadOnlySpan<byte> line, long lineNumber)
    {
        // A byte-order mark (added by some editors) is not part of the header's text.
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        var text = Encoding.UTF8.GetString(line);
        if (StreamLayout.FromHeader(_stream, text, _exchange) is { } layout)
        {
            Use(layout);
            return;
        }

        var expected = _stream.Type == StreamType.OrderBook
            ? $"\"{StreamCatalog.OrderBookHeader(1)},...\" (four columns per level, numbered from 0)"
            : $"\"{_stream.Header}\"";
        _day.Add(new Problem(Severity.Error, "header",
            $"wrong header: {Quote(line)}; a {_stream.ConfigName} file starts with {expected} (rows not checked)",
            new FileLine(_file, lineNumber)));
    }

    private void Use(StreamLayout layout)
    {
        _layout = layout;
        _fields = new Range[layout.Columns.Count + 1];
        _integers = new long[layout.Columns.Count];
    }

    private void NotAnInteger(StreamLayout layout, int column, ReadOnlySpan<byte> line, FileLine at) =>
        Malformed(at, $"{layout.Columns[column]} is not an integer: {Quote(line[_fields[column]])}");

    private void Malformed(FileLine at, string message)
    {
        _day.MalformedRows++;
        _day.Add(new Problem(Severity.Error, "malformed", message, at));
    }

    private void OutsideDay(FileLine at, long timeMs)
    {
        // Counted once per file in detail (the first), every time in the counter.
        if (_day.RowsOutsideDay++ == 0)
        {
            var when = DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            _day.Add(new Problem(Severity.Warning, "day", $"row time {when} UTC is not in this file's day (first such row; the count is in the totals)", at));
        }
    }

    private static string Quote(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, MaxQuoted)]);
        return bytes.Length > MaxQuoted ? $"\"{text}...\"" : $"\"{text}\"";
    }
}
