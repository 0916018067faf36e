using System.Text;
using Streamer.Core.Processes;

namespace Streamer.Supervisor.Daemon;

/// <summary>
/// The daemon's console output: appends to <c>daemon.log_file</c> and keeps it bounded. When a line ends with the
/// file at <c>daemon.log_max_bytes</c> or more, <c>streamer.log</c> becomes <c>streamer.log.1</c> (older files shift
/// up, the one past <c>daemon.log_keep</c> is deleted) and writing goes on in a new <c>streamer.log</c>. A daemon
/// runs for weeks: without this its log grows without end (a status line every 10 s is ~1.5 MB a day).
/// </summary>
/// <remarks>
/// Rotation happens inside a write, under the writer's lock, and only at a line end, so no line is split or lost.
/// On Unix the new file also replaces file descriptors 1 and 2, so what the runtime itself writes there (a crash
/// report) follows the log; <see cref="Console"/> writes through this writer.
/// </remarks>
public sealed class RotatingLogWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private readonly bool _ownsStandardDescriptors;
    private FileStream _file;
    private long _length;
    private bool _lineEnded = true;

    /// <summary>Set by Dispose: Console may still point here, and a late line (a child's output at exit) is dropped, not thrown.</summary>
    private bool _disposed;

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="maxBytes">Rotate once a line ends with the file at this size or more.</param>
    /// <param name="keep">Rotated files kept.</param>
    /// <param name="ownsStandardDescriptors">The daemon: after a rotation, descriptors 1 and 2 point at the new file too.</param>
    public RotatingLogWriter(string path, long maxBytes, int keep, bool ownsStandardDescriptors)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        _path = path;
        _maxBytes = maxBytes;
        _keep = keep;
        _ownsStandardDescriptors = ownsStandardDescriptors;
        _file = Open(path);
        _length = _file.Length;
    }

    /// <inheritdoc/>
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>How many times the file was rotated (for tests and the log).</summary>
    public int Rotations { get; private set; }

    /// <inheritdoc/>
    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    /// <inheritdoc/>
    public override void Write(string? value) => Write(value.AsSpan());

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        lock (_lock)
        {
            Append(value.AsSpan());
            Append(CoreNewLine);
            RotateIfDue();
        }
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_lock)
        {
            Append(buffer);
            RotateIfDue();
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _disposed = true;
                _file.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>The names after rotation: <c>path</c> → <c>path.1</c> → ... → <c>path.keep</c>, the oldest deleted.</summary>
    internal static void Shift(string path, int keep)
    {
        File.Delete($"{path}.{keep}");
        for (var i = keep - 1; i >= 1; i--)
        {
            if (File.Exists($"{path}.{i}"))
            {
                File.Move($"{path}.{i}", $"{path}.{i + 1}");
            }
        }

        File.Move(path, path + ".1");
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || _disposed)
        {
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 1024 ? stackalloc byte[1024] : new byte[max];
        var count = Encoding.UTF8.GetBytes(text, bytes);
        try
        {
            _file.Write(bytes[..count]);
            _file.Flush();
        }
        catch (IOException)
        {
            // A full disk must not stop the recorder; the line is lost, the data is not.
        }

        _length += count;
        _lineEnded = text[^1] == '\n';
    }

    private void RotateIfDue()
    {
        if (_disposed || _length < _maxBytes || !_lineEnded)
        {
            return;
        }

        try
        {
            Shift(_path, _keep);
            var next = Open(_path);
            _file.Dispose();
            _file = next;
            _length = 0;
            Rotations++;
            if (_ownsStandardDescriptors)
            {
                StandardDescriptors.PointAt(next.SafeFileHandle); // native output (a crash report) follows the log
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep writing where we are; the next line tries again once the file is still too long.
            _length = _maxBytes - 1;
        }
    }

    private static FileStream Open(string path)
    {
        var dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    }
}
