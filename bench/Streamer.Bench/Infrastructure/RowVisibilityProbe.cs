using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Streamer.Bench.Infrastructure;

/// <summary>
/// Measures when recorded rows become visible in the OS: polls the length of every open data file every
/// <see cref="PollInterval"/> (one fstat each), reads what was appended and, for every new message row,
/// records now − <c>local_time_us</c> (the last column). A row may have been visible up to one poll
/// interval (plus the time to read) earlier than seen, so latencies are overstated by at most that.
/// Depth messages with several rows count once (rows with the same final_update_id are one message).
/// </summary>
internal sealed class RowVisibilityProbe : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private readonly string _dataDir;
    private readonly string[] _streams;
    private readonly Dictionary<string, Tail> _tails = new(StringComparer.Ordinal);
    private readonly List<double> _latenciesMs = new(1 << 20);
    private readonly Thread _thread;
    private volatile bool _stop;
    private volatile bool _collecting;

    public RowVisibilityProbe(string dataDir, params string[] streams)
    {
        _dataDir = dataDir;
        _streams = streams;
        _thread = new Thread(Loop) { IsBackground = true, Name = "row-visibility-probe", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Rows seen before this are skipped (files are tailed from their current end at start-up).</summary>
    public void StartCollecting() => _collecting = true;

    /// <summary>Stops and returns the latencies in milliseconds, sorted.</summary>
    public double[] Stop()
    {
        _stop = true;
        _thread.Join();
        var result = _latenciesMs.ToArray();
        Array.Sort(result);
        return result;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        foreach (var tail in _tails.Values)
        {
            tail.Handle.Dispose();
        }
    }

    private void Loop()
    {
        var discover = Stopwatch.StartNew();
        var buffer = new byte[1 << 20];
        while (!_stop)
        {
            if (discover.ElapsedMilliseconds > 200)
            {
                Discover();
                discover.Restart();
            }

            foreach (var tail in _tails.Values)
            {
                var length = RandomAccess.GetLength(tail.Handle);
                if (length <= tail.Offset)
                {
                    continue;
                }

                var seenUs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
                // The buffer is shared by all files: put back this file's incomplete last line first.
                tail.Pending.AsSpan(0, tail.Carry).CopyTo(buffer);
                while (tail.Offset < length)
                {
                    var want = (int)Math.Min(buffer.Length - tail.Carry, length - tail.Offset);
                    var read = RandomAccess.Read(tail.Handle, buffer.AsSpan(tail.Carry, want), tail.Offset);
                    if (read == 0)
                    {
                        break;
                    }

                    tail.Offset += read;
                    var filled = tail.Carry + read;
                    var consumed = Lines(tail, buffer.AsSpan(0, filled), seenUs);
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    tail.Carry = filled - consumed;
                }

                if (tail.Pending.Length < tail.Carry)
                {
                    tail.Pending = new byte[tail.Carry * 2];
                }

                buffer.AsSpan(0, tail.Carry).CopyTo(tail.Pending);
            }

            Thread.Sleep(PollInterval);
        }
    }

    private int Lines(Tail tail, ReadOnlySpan<byte> data, long seenUs)
    {
        var start = 0;
        while (true)
        {
            var nl = data[start..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                return start;
            }

            var row = data.Slice(start, nl);
            start += nl + 1;
            var local = CsvScan.Long(CsvScan.LastField(row), -1);
            if (local <= 0)
            {
                continue; // the header
            }

            if (tail.IsDepth)
            {
                var u = CsvScan.Long(CsvScan.Field(row, 3));
                if (u == tail.LastDepthU)
                {
                    continue;
                }

                tail.LastDepthU = u;
            }

            if (_collecting)
            {
                _latenciesMs.Add((seenUs - local) / 1000.0);
            }
        }
    }

    private void Discover()
    {
        if (!Directory.Exists(_dataDir))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(_dataDir))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.csv"))
            {
                var name = Path.GetFileName(file);
                if (_tails.ContainsKey(file) || !_streams.Any(s => name.StartsWith(s + "_", StringComparison.Ordinal)))
                {
                    continue;
                }

                var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                // Files found after collection began are read from the start; earlier ones from their end.
                var offset = _collecting ? 0 : RandomAccess.GetLength(handle);
                _tails[file] = new Tail(handle, name.StartsWith("depth_", StringComparison.Ordinal)) { Offset = offset, Carry = 0 };
            }
        }
    }

    private sealed class Tail(SafeFileHandle handle, bool isDepth)
    {
        public SafeFileHandle Handle { get; } = handle;

        public bool IsDepth { get; } = isDepth;

        public long Offset { get; set; }

        public int Carry { get; set; }

        public byte[] Pending { get; set; } = new byte[4096];

        public long LastDepthU { get; set; } = long.MinValue;
    }
}
