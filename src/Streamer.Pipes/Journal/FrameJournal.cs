using System.Buffers;
using System.Globalization;
using System.Text;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Core.Storage;

namespace Streamer.Pipes.Journal;

/// <summary>
/// The durable part of a source's unacknowledged frames: a folder of append-only segments
/// (<see cref="JournalSegment"/>) holding one contiguous run of frame numbers, the oldest kept frames. It outlives the
/// process that wrote it: the next process that runs the source (a restarted worker, the next run, another worker
/// grouping, or the supervisor for a source no longer configured) opens it, recovers it and delivers it first.
/// </summary>
/// <remarks>
/// Files: <c>lock</c> (<see cref="JournalLock"/>: one owner at a time), <c>source</c> (the Hello of the source, so
/// anyone can deliver it), <c>base</c> (the wire sequence of frame 0: frame n is sent as base + n; written durably
/// before any frame is sent with it), and <c>{first number}.seg</c>. Not thread-safe: the client serialises access.
/// </remarks>
internal sealed class FrameJournal : IDisposable
{
    /// <summary>A segment is closed for appends past this size, so acknowledged ones can be deleted while the outage goes on.</summary>
    public const long SegmentBytes = 16L << 20;

    internal const string IdentityFile = "source";
    internal const string BaseFile = "base";

    private readonly List<JournalSegment> _segments = [];
    private readonly Dictionary<StreamType, (JournalSegment Segment, long Offset, int Length)> _recoveredTails = [];
    private readonly JournalLock _lock;
    private bool _directoryDirty;
    private bool _baseDurable = true;

    private FrameJournal(string directory, JournalLock owner)
    {
        Directory = directory;
        _lock = owner;
    }

    /// <summary>The journal's folder.</summary>
    public string Directory { get; }

    /// <summary>Wire sequence of frame 0, as last made durable; null when no frame was ever sent from this journal.</summary>
    public ulong? Base { get; private set; }

    /// <summary>What recovery had to cut (a torn tail after a kill, damage after an OS crash), or null.</summary>
    public string? Damage { get; private set; }

    public bool IsEmpty => Count == 0;

    public long FirstLocal => _segments.Count > 0 ? _segments[0].FirstLocal : 0;

    public long LastLocal => _segments.Count > 0 ? _segments[^1].LastLocal : 0;

    public long Count => _segments.Count > 0 ? LastLocal - FirstLocal + 1 : 0;

    public long Bytes { get; private set; }

    /// <summary>
    /// Opens the journal of <paramref name="identity"/> in <paramref name="directory"/>, or returns null when another
    /// process owns it (<paramref name="owner"/> says which). Recovers the segments: a torn or damaged tail is cut off.
    /// </summary>
    public static FrameJournal? TryOpen(string directory, Hello identity, out string owner)
    {
        System.IO.Directory.CreateDirectory(directory);
        var taken = JournalLock.TryTake(directory, out owner);
        if (taken is null)
        {
            return null;
        }

        var journal = new FrameJournal(directory, taken);
        try
        {
            journal.WriteIdentity(identity);
            journal.Base = ReadBase(directory);
            journal.RecoverSegments();
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    /// <summary>Waits (polling) until the journal can be opened: its previous owner may still be stopping.</summary>
    public static async Task<FrameJournal> OpenAsync(string directory, Hello identity, Action<string> onWaiting, TimeProvider time, CancellationToken ct)
    {
        var reported = false;
        while (true)
        {
            if (TryOpen(directory, identity, out var owner) is { } journal)
            {
                return journal;
            }

            if (!reported)
            {
                reported = true;
                onWaiting(owner);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
        }
    }

    public bool Contains(long local) => !IsEmpty && local >= FirstLocal && local <= LastLocal;

    /// <summary>Appends the next frame; a full segment is closed and a new one started.</summary>
    public void Append(long local, StreamType stream, long exchangeTimeMs, ReadOnlySpan<byte> payload)
    {
        EnsureBaseDurable();
        if (_segments.Count == 0 || _segments[^1].Length >= SegmentBytes)
        {
            _segments.Add(JournalSegment.Create(Directory, local));
            _directoryDirty = true;
        }

        var before = _segments[^1].Length;
        _segments[^1].Append(local, stream, exchangeTimeMs, payload);
        Bytes += _segments[^1].Length - before;
    }

    /// <summary>Appends frame <paramref name="local"/> to <paramref name="batch"/> as a wire Data frame.</summary>
    public void CopyFrame(long local, ulong sequenceBase, IBufferWriter<byte> batch)
    {
        foreach (var segment in _segments)
        {
            if (segment.Contains(local))
            {
                segment.CopyFrame(local, sequenceBase, batch);
                return;
            }
        }

        throw new InvalidOperationException($"frame {local} is not in the journal {Directory} ({FirstLocal}..{LastLocal})");
    }

    /// <summary>Deletes the segments whose every frame is acknowledged.</summary>
    public void ReleaseThrough(long acknowledged)
    {
        while (_segments.Count > 0 && _segments[0].LastLocal <= acknowledged)
        {
            var segment = _segments[0];
            _segments.RemoveAt(0);
            Bytes -= segment.Length;
            foreach (var (stream, tail) in _recoveredTails.ToList())
            {
                if (ReferenceEquals(tail.Segment, segment))
                {
                    _recoveredTails.Remove(stream);
                }
            }

            segment.Delete();
            _directoryDirty = true;
        }
    }

    /// <summary>Makes everything appended (and the set of segment files) durable.</summary>
    public void Sync()
    {
        EnsureBaseDurable();
        foreach (var segment in _segments)
        {
            segment.Sync();
        }

        if (_directoryDirty)
        {
            PhysicalFileSystem.Instance.SyncDirectory(Directory);
            _directoryDirty = false;
        }
    }

    /// <summary>
    /// Sets the wire sequence of frame 0 (frame n is sent as <paramref name="value"/> + n) and records it durably.
    /// When the disk refuses, the journal remembers to record it before its next append: frames are only ever
    /// journalled under a durable base, so whoever recovers them knows which of them the writer already has.
    /// </summary>
    /// <returns>False when the base could not be written yet.</returns>
    public bool SetBase(ulong value)
    {
        if (Base != value)
        {
            Base = value;
            _baseDurable = false;
        }

        try
        {
            EnsureBaseDurable();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void EnsureBaseDurable()
    {
        if (!_baseDurable && Base is { } value)
        {
            WriteDurably(Path.Combine(Directory, BaseFile), value.ToString(CultureInfo.InvariantCulture) + "\n");
            _baseDurable = true;
        }
    }

    /// <summary>The last CSV row of the last recovered frame of <paramref name="stream"/>, or null (where a new worker resumes).</summary>
    public string? RecoveredLastRow(StreamType stream)
    {
        if (!_recoveredTails.TryGetValue(stream, out var tail))
        {
            return null;
        }

        var payload = tail.Segment.ReadPayload(tail.Offset, tail.Length);
        var text = Encoding.UTF8.GetString(payload).TrimEnd('\n');
        var start = text.LastIndexOf('\n') + 1;
        return text.Length == 0 ? null : text[start..];
    }

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            segment.Dispose();
        }

        _segments.Clear();
        _lock.Dispose();
    }

    private void WriteIdentity(Hello identity)
    {
        var path = Path.Combine(Directory, IdentityFile);
        var encoded = identity.Encode();
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(encoded))
        {
            WriteDurably(path, Encoding.UTF8.GetString(encoded));
        }
    }

    private void WriteDurably(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(Encoding.UTF8.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        PhysicalFileSystem.Instance.SyncDirectory(Directory);
    }

    internal static ulong? ReadBase(string directory)
    {
        var path = Path.Combine(directory, BaseFile);
        return File.Exists(path) && ulong.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    private void RecoverSegments()
    {
        var files = System.IO.Directory.EnumerateFiles(Directory, "*" + JournalSegment.Extension).Order(StringComparer.Ordinal).ToList();
        long expected = 0;
        foreach (var file in files)
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || (expected != 0 && first != expected))
            {
                // A segment that does not continue the run (damage after an OS crash): what follows cannot be delivered in order.
                Damage ??= $"segment {Path.GetFileName(file)} does not continue frame {expected - 1}; it and later segments were removed";
                File.Delete(file);
                continue;
            }

            var tails = new Dictionary<StreamType, (long Offset, int Length)>();
            var segment = JournalSegment.Recover(file, first, (_, stream, _, offset, length) => tails[stream] = (offset, length), out var damage);
            if (segment is null)
            {
                Damage ??= damage is null ? null : $"segment {Path.GetFileName(file)} held no complete record ({damage})";
                continue;
            }

            if (damage is not null)
            {
                Damage ??= $"segment {Path.GetFileName(file)} ended in {damage} after frame {segment.LastLocal}; the rest was cut";
            }

            foreach (var (stream, tail) in tails)
            {
                _recoveredTails[stream] = (segment, tail.Offset, tail.Length);
            }

            _segments.Add(segment);
            Bytes += segment.Length;
            expected = segment.LastLocal + 1;
        }
    }
}
