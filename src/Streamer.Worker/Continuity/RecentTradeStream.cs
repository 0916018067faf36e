using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Streams;
using Streamer.Worker.Output;
using Streamer.Worker.Status;

namespace Streamer.Worker.Continuity;

/// <summary>
/// The trade stream of an exchange whose trades carry an increasing sequence with holes by design (Bybit's
/// <c>seq</c>), so no id says whether a trade is missing and REST cannot serve trades from an id on: only the most
/// recent ones (Bybit: the last 1000). Live messages are delivered in sequence order and duplicates dropped; after a
/// (re)connect or a restart the recent trades are fetched over REST and everything after the last recorded one
/// is written first, held-back live messages after it. When the exchange's recent window does not reach back to the
/// last recorded trade, trades may be missing: that is an events row (gap), never a silent hole.
/// </summary>
/// <remarks>
/// The fetch waits for the first live message after the (re)connect (at most <see cref="FirstLiveWait"/>), so that
/// the REST answer overlaps the live stream: a REST answer older than the subscription would leave the trades in
/// between in neither. When no live trade came in that time (a quiet market, a slow subscription), the first live
/// message that does come triggers one more fetch for the same reason.
/// </remarks>
internal sealed class RecentTradeStream : IDisposable
{
    /// <summary>How long a fill waits for the first live trade before it fetches anyway.</summary>
    public static readonly TimeSpan FirstLiveWait = TimeSpan.FromSeconds(3);

    private readonly StreamInfo _stream;
    private readonly Func<CancellationToken, Task<RestRows>> _fetchRecent;
    private readonly int _window;
    private readonly RowOutput _output;
    private readonly EventLog _events;
    private readonly WorkerStatus _status;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _maxBufferedBytes;
    private readonly CancellationToken _stopping;
    private readonly Action<Exception> _onBug;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(long First, long Last, long TimeMs, byte[] Rows, int RowCount)> _held = [];
    private readonly int _seqColumn;
    private long _heldBytes;
    private long? _lastSeq;
    private bool _filling;
    private bool _confirmOnFirstLive;
    private Task _fill = Task.CompletedTask;
    private TaskCompletionSource _firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="stream">The trade stream (its <c>seq</c> column orders rows).</param>
    /// <param name="fetchRecent">Fetches the exchange's most recent trades, ascending.</param>
    /// <param name="window">How many trades the exchange's recent-trades answer holds at most (a full answer may not reach back far enough).</param>
    /// <param name="services">Output, events, counters, clock.</param>
    /// <param name="log">Logger.</param>
    /// <param name="maxBufferedBytes">Bound of held-back live rows.</param>
    public RecentTradeStream(StreamInfo stream, Func<CancellationToken, Task<RestRows>> fetchRecent, int window, WorkerServices services, ILogger log, long maxBufferedBytes)
    {
        _stream = stream;
        _fetchRecent = fetchRecent;
        _window = window;
        _output = services.Output;
        _events = services.Events;
        _status = services.Status;
        _time = services.Time;
        _stopping = services.Stopping;
        _onBug = services.OnBug;
        _log = log;
        _maxBufferedBytes = maxBufferedBytes;
        _seqColumn = stream.Columns.ToList().IndexOf("seq");
    }

    /// <summary>The sequence of the last trade delivered (or known durable at start).</summary>
    public long? LastSeq => _lastSeq;

    /// <summary>The running fill, if any (tests and shutdown wait on it).</summary>
    public Task Fill => _fill;

    /// <summary>Sets the last sequence already durably recorded (from the files at start).</summary>
    public void Seed(long? lastDurableSeq) => _lastSeq = lastDurableSeq;

    /// <summary>A live message of trades <paramref name="firstSeq"/>..<paramref name="lastSeq"/>.</summary>
    public async ValueTask OnLiveAsync(long firstSeq, long lastSeq, long exchangeTimeMs, ReadOnlyMemory<byte> rows, int rowCount, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_filling)
            {
                Hold(firstSeq, lastSeq, exchangeTimeMs, rows, rowCount);
                return;
            }

            if (_confirmOnFirstLive)
            {
                // The last fill's REST answer may predate the subscription: fetch once more, now that live trades flow.
                _confirmOnFirstLive = false;
                Hold(firstSeq, lastSeq, exchangeTimeMs, rows, rowCount);
                StartFill("first live trade after a fill");
                return;
            }

            await DeliverAsync(firstSeq, lastSeq, exchangeTimeMs, rows, rowCount, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a reconnect or at start: fetch the recent trades and write those after the last one recorded.</summary>
    public async ValueTask CatchUpAsync(string reason, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_lastSeq is not null && !_filling)
            {
                StartFill(reason);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a message's trades after <see cref="_lastSeq"/>, dropping the ones already written. Called under the gate.</summary>
    private async ValueTask DeliverAsync(long firstSeq, long lastSeq, long timeMs, ReadOnlyMemory<byte> rows, int rowCount, CancellationToken ct)
    {
        if (_lastSeq is { } last && lastSeq <= last)
        {
            _status.Duplicate();
            return;
        }

        if (_lastSeq is { } seen && firstSeq <= seen)
        {
            // Overlaps what REST already wrote: keep only the later trades.
            (rows, rowCount) = RowsAfter(rows, seen);
        }

        await _output.WriteAsync(_stream.Type, timeMs, rows, rowCount, ct).ConfigureAwait(false);
        _lastSeq = lastSeq;
    }

    private void Hold(long first, long last, long timeMs, ReadOnlyMemory<byte> rows, int rowCount)
    {
        if (_heldBytes + rows.Length > _maxBufferedBytes)
        {
            // The exchange's recent window may still serve these; if not, the fill records the gap.
            WorkerLog.HeldBackDropped(_log, _stream.ConfigName, _held.Count);
            _held.Clear();
            _heldBytes = 0;
        }

        _held.Add((first, last, timeMs, rows.ToArray(), rowCount));
        _heldBytes += rows.Length;
        _firstHeld.TrySetResult();
    }

    /// <summary>Called under the gate.</summary>
    private void StartFill(string reason)
    {
        _filling = true;
        if (_held.Count == 0 && _firstHeld.Task.IsCompleted)
        {
            _firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var firstHeld = _firstHeld.Task;
        _fill = Task.Run(() => FillAsync(reason, firstHeld, _stopping), CancellationToken.None);
    }

    private async Task FillAsync(string reason, Task firstHeld, CancellationToken ct)
    {
        try
        {
            if (!firstHeld.IsCompleted)
            {
                await Task.WhenAny(firstHeld, Task.Delay(FirstLiveWait, _time, ct)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }

            var overlapsLive = firstHeld.IsCompleted;
            var from = _lastSeq!.Value;
            WorkerLog.BackfillStarted(_log, _stream.ConfigName, from + 1, reason);
            var page = await FetchAsync(ct).ConfigureAwait(false);
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await WriteFetchedAsync(page, reason, ct).ConfigureAwait(false);
                await ReleaseHeldAsync(ct).ConfigureAwait(false);
                _confirmOnFirstLive = !overlapsLive;
                _filling = false;
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: held-back rows stay unwritten; the next start resumes after the last one written.
        }
        catch (BinanceRestException e)
        {
            WorkerLog.BackfillRefused(_log, _stream.ConfigName, e.Message);
            await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                var to = _held.Count > 0 ? _held[0].First : (long?)null;
                await LostAsync(_lastSeq!.Value, to, "recent trades refused by the exchange: " + e.Message, ct).ConfigureAwait(false);
                await ReleaseHeldAsync(ct).ConfigureAwait(false);
                _filling = false;
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _onBug(e);
        }
    }

    /// <summary>Writes the fetched trades after the last one recorded and before the first held; says when some may be missing. Called under the gate.</summary>
    private async ValueTask WriteFetchedAsync(RestRows page, string reason, CancellationToken ct)
    {
        var last = _lastSeq!.Value;
        var heldFrom = _held.Count > 0 ? _held[0].First : (long?)null;
        var rows = page.Rows.Where(r => r.Id > last && (heldFrom is null || r.Id < heldFrom)).ToList();

        // A full window that starts after the last recorded trade may have lost the ones in between; a shorter one is
        // everything the exchange has, so nothing is missing.
        if (page.Rows.Count >= _window && page.Rows[0].Id > last)
        {
            await LostAsync(last, page.Rows[0].Id, FormattableString.Invariant($"the exchange serves only its last {_window} trades; trades between seq {last} and {page.Rows[0].Id} may be missing"), ct).ConfigureAwait(false);
        }

        if (rows.Count > 0)
        {
            await _output.WriteRestRowsAsync(_stream.Type, page, rows, ct).ConfigureAwait(false);
            _lastSeq = rows[^1].Id;
            _status.Backfilled(_stream.Type, rows.Count);
        }

        var detail = FormattableString.Invariant($"{rows.Count} trades fetched over REST after {reason}");
        await _events.WriteAsync(_stream.ConfigName, EventKinds.Backfill, last + 1, rows.Count > 0 ? rows[^1].Id : null, detail, ct).ConfigureAwait(false);
        WorkerLog.BackfillDone(_log, _stream.ConfigName, rows.Count, last + 1, rows.Count > 0 ? rows[^1].Id : last);
    }

    /// <summary>Called under the gate.</summary>
    private async ValueTask ReleaseHeldAsync(CancellationToken ct)
    {
        foreach (var (first, last, time, rows, count) in _held)
        {
            await DeliverAsync(first, last, time, rows, count, ct).ConfigureAwait(false);
        }

        _held.Clear();
        _heldBytes = 0;
    }

    private async Task<RestRows> FetchAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await _fetchRecent(ct).ConfigureAwait(false);
            }
            catch (BinanceResponseException e)
            {
                _status.MalformedMessage();
                WorkerLog.BadRestAnswer(_log, _stream.ConfigName, e.Message);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = Binance.Backoff.Next(delay, TimeSpan.FromSeconds(30));
            }
        }
    }

    /// <summary>The rows of a message whose <c>seq</c> is after <paramref name="seen"/> (rows are in seq order).</summary>
    private (ReadOnlyMemory<byte> Rows, int Count) RowsAfter(ReadOnlyMemory<byte> rows, long seen)
    {
        var span = rows.Span;
        var start = 0;
        var count = 0;
        var keepFrom = -1;
        while (start < span.Length)
        {
            var end = span[start..].IndexOf((byte)'\n');
            var line = end < 0 ? span[start..] : span.Slice(start, end);
            if (keepFrom < 0 && SeqOf(line) > seen)
            {
                keepFrom = start;
            }

            if (keepFrom >= 0)
            {
                count++;
            }

            start = end < 0 ? span.Length : start + end + 1;
        }

        return keepFrom < 0 ? (ReadOnlyMemory<byte>.Empty, 0) : (rows[keepFrom..], count);
    }

    private long SeqOf(ReadOnlySpan<byte> line)
    {
        for (var i = 0; i < _seqColumn; i++)
        {
            var comma = line.IndexOf((byte)',');
            if (comma < 0)
            {
                return long.MinValue;
            }

            line = line[(comma + 1)..];
        }

        var next = line.IndexOf((byte)',');
        return System.Buffers.Text.Utf8Parser.TryParse(next < 0 ? line : line[..next], out long seq, out _) ? seq : long.MinValue;
    }

    private async ValueTask LostAsync(long from, long? to, string why, CancellationToken ct)
    {
        _status.Gap();
        WorkerLog.Unrecoverable(_log, _stream.ConfigName, from, to ?? -1, why);
        await _events.WriteAsync(_stream.ConfigName, EventKinds.Gap, from, to, why, ct).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();
}
