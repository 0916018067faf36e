using System.Text;
using Parquet;
using Parquet.Schema;

namespace Streamer.Storage.Parquet;

/// <summary>
/// A read-only stream of a Parquet file's rows as the CSV the writer would have written (header first), produced
/// one row group at a time: readers built for CSV (verify's line scanner, <c>convert</c>'s checks) read Parquet with
/// memory bounded by one row group, whatever the file size.
/// </summary>
public sealed class ParquetCsvStream : Stream
{
    private readonly Stream _parquet;
    private readonly StringBuilder _text = new();
    private ParquetReader? _reader;
    private DataField[] _fields = [];
    private int _nextGroup = -1; // -1: the header comes first.
    private byte[] _buffer = [];
    private int _offset;
    private int _count;

    /// <param name="parquet">The Parquet file, seekable; owned by the caller.</param>
    public ParquetCsvStream(Stream parquet) => _parquet = parquet;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _count)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var n = Math.Min(buffer.Length, _count - _offset);
        _buffer.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Parquet.Net reads asynchronously only; synchronous reads are not offered rather than blocking on them.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The reader leaves the file open (the caller owns it) and holds only pooled buffers: disposing it is enough.
    public override async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
            _reader = null;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        _text.Clear();
        if (_reader is null)
        {
            _reader = await ParquetReader.CreateAsync(_parquet, null, leaveStreamOpen: true, ct).ConfigureAwait(false);
            _fields = _reader.Schema.GetDataFields();
            _text.Append(ParquetToCsv.Header(_fields)).Append('\n');
            _nextGroup = 0;
        }
        else if (_nextGroup < _reader.RowGroupCount)
        {
            await ParquetToCsv.RowGroupAsync(_reader, _fields, _nextGroup++, _text, ct).ConfigureAwait(false);
        }
        else
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetByteCount(_text.ToString());
        if (_buffer.Length < bytes)
        {
            _buffer = new byte[bytes];
        }

        _count = Encoding.UTF8.GetBytes(_text.ToString(), _buffer);
        _offset = 0;
        return true;
    }
}
