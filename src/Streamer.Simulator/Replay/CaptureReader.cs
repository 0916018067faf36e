using System.Buffers.Text;
using System.IO.Compression;

namespace Streamer.Simulator.Replay;

/// <summary>
/// Reads a hftbacktest capture: gzip text, one <c>&lt;local_ts&gt; &lt;json&gt;</c> per line. The JSON
/// bytes are kept exactly as recorded, since they are what the replay sends.
/// </summary>
internal sealed class CaptureReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;

    public CaptureReader(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        _stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The next line's local timestamp in microseconds (ns, µs and ms captures are all normalized) and its JSON.</summary>
    public async ValueTask<(long Micros, byte[] Json)?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_eof && _start < _end))
            {
                var stop = newline >= 0 ? newline : _end;
                var line = _buffer.AsSpan(_start, stop - _start);
                _start = newline >= 0 ? newline + 1 : _end;
                if (TryParse(line, out var parsed))
                {
                    return parsed;
                }

                continue;
            }

            if (_eof)
            {
                return null;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    public void Dispose() => _stream.Dispose();

    private static bool TryParse(ReadOnlySpan<byte> line, out (long Micros, byte[] Json) parsed)
    {
        parsed = default;
        line = line.TrimEnd("\r\n "u8);
        var space = line.IndexOf((byte)' ');
        if (space <= 0 || !Utf8Parser.TryParse(line[..space], out long stamp, out var consumed) || consumed != space)
        {
            return false;
        }

        // 19 digits: ns (2024 files); 16: µs (2023 files); 13: ms.
        var micros = space >= 18 ? stamp / 1000 : space >= 15 ? stamp : stamp * 1000;
        parsed = (micros, line[(space + 1)..].ToArray());
        return true;
    }
}
