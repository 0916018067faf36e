using System.Text;

namespace Streamer.Storage.Csv;

/// <summary>
/// Reads the product's own CSV (RFC 4180: a field with a comma, quote or newline is quoted, quotes doubled)
/// record by record. Only complete records count: a last line without its newline is a row being written.
/// </summary>
public sealed class CsvRecordReader(Stream input) : IDisposable
{
    private readonly StreamReader _reader = new(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];

    /// <summary>Fields of the next complete record (reused between calls), or null at the end.</summary>
    public List<string>? Next()
    {
        _fields.Clear();
        _field.Clear();
        var quoted = false;
        var any = false;
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                return null; // End of input; an unterminated last record is not a row yet.
            }

            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    _fields.Add(_field.ToString());
                    _field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    _fields.Add(_field.ToString());
                    return any ? _fields : null;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
