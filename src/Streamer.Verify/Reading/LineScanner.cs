using System.Buffers;

namespace Streamer.Verify.Reading;

/// <summary>
/// Reads a stream sequentially in large blocks and hands every complete line to a sink as a span of the
/// block: no allocation per line, memory bounded by the block size whatever the file size (a day of
/// depth is gigabytes). A line still unfinished at the end of a block is moved to the block's start and
/// completed by the next read.
/// </summary>
internal static class LineScanner
{
    /// <summary>Block size: large enough that a read is one cheap system call per megabyte.</summary>
    public const int BufferSize = 1 << 20;

    /// <param name="source">The bytes to read (a file, or a decompressing stream over one).</param>
    /// <param name="sink">Receives each complete line.</param>
    /// <param name="quoteAware">Newlines inside double-quoted fields do not end a line (the events file's free text).</param>
    /// <param name="skipFirstLine">Drop everything up to the first newline (reading starts mid-file, inside a line).</param>
    /// <param name="afterRead">Called after every block read, e.g. to publish progress.</param>
    /// <param name="ct">Stops reading.</param>
    public static async Task<ScanResult> ScanAsync(Stream source, ILineSink sink, bool quoteAware, bool skipFirstLine, Action? afterRead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var state = new State { SkipFirst = skipFirstLine };
            int start = 0, end = 0;
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                    }
                    else
                    {
                        // One line fills the whole block: not a line this product writes. Skip to its end.
                        state.Overlong = true;
                        end = 0;
                    }

                    start = 0;
                }

                var read = await source.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
                afterRead?.Invoke();
                if (read == 0)
                {
                    break;
                }

                end += read;
                start = Lines(buffer.AsSpan(0, end), start, sink, quoteAware, ref state);
            }

            return new ScanResult(state.Lines, end - start, state.OverlongLines, state.FirstOverlongLine);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hands over the complete lines of <paramref name="block"/> from <paramref name="start"/>; returns where the unfinished line begins.</summary>
    private static int Lines(ReadOnlySpan<byte> block, int start, ILineSink sink, bool quoteAware, ref State state)
    {
        while (start < block.Length)
        {
            var rest = block[start..];
            var end = quoteAware ? QuoteAwareLineEnd(rest) : rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                return start;
            }

            state.Lines++;
            if (state.Overlong)
            {
                state.Overlong = false;
                state.OverlongLines++;
                if (state.FirstOverlongLine == 0)
                {
                    state.FirstOverlongLine = state.Lines;
                }
            }
            else if (state.SkipFirst)
            {
                state.SkipFirst = false;
            }
            else
            {
                sink.Line(rest[..end], state.Lines);
            }

            start += end + 1;
        }

        return start;
    }

    private static int QuoteAwareLineEnd(ReadOnlySpan<byte> text)
    {
        var quoted = false;
        var i = 0;
        while (true)
        {
            var k = text[i..].IndexOfAny((byte)'"', (byte)'\n');
            if (k < 0)
            {
                return -1;
            }

            i += k;
            if (text[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                return i;
            }

            i++;
        }
    }

    private struct State
    {
        public long Lines;
        public bool SkipFirst;
        public bool Overlong;
        public long OverlongLines;
        public long FirstOverlongLine;
    }
}
