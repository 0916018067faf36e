using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Streams;
using Streamer.Worker.Output;
using Streamer.Worker.Status;

namespace Streamer.Worker.Continuity;

/// <summary>
/// A stream whose messages carry consecutive ids that the exchange can serve again over REST: aggTrade
/// (<c>a</c>, step 1) and closed 1m klines (open time, step 60 000). Live messages are delivered in id order;
/// when ids jump (a disconnect, a restart, a lost message) live messages are held back while the missing
/// range is fetched over REST and delivered first, duplicates are dropped, and what the exchange no longer
/// has is written to the events file as a gap. Every backfill writes an events row with its range.
/// </summary>
/// <remarks>
/// Held-back live messages are bounded by <c>maxBufferedBytes</c>: beyond it they are dropped, because REST
/// serves them too; the backfill then simply runs further. On a graceful stop held-back messages are
/// not written: that would put a hole in the file that the next start, which resumes after the last id
/// written, could not see.
/// </remarks>
internal sealed class GaplessStream : IDisposable
{
    private const int MaxLagRetries = 10;

    private readonly StreamInfo _stream;
    private readonly long _step;
    private readonly Func<long, long?, CancellationToken, Task<RestPage>> _fetch;
    private readonly RowOutput _output;
    private readonly EventLog _events;
    private readonly WorkerStatus _status;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly long _maxBufferedBytes;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(long Id, long TimeMs, byte[] Rows, int RowCount)> _held = [];
    private long _heldBytes;
    private long? _lastId;
    private Task _backfill = Task.CompletedTask;
    private bool _backfilling;
    private readonly CancellationToken _stopping;
    private readonly Action<Exception> _onBug;

    /// <param name="stream">The stream (aggtrade or kline_1m).</param>
    /// <param name="step">Difference of consecutive ids.</param>
    /// <param name="fetch">Fetches the page starting at an id; also told the first held-back live id, if any.</param>
    /// <param name="services">Output, events, counters, clock.</param>
    /// <param name="log">Logger.</param>
    /// <param name="maxBufferedBytes">Bound of held-back live rows.</param>
    public GaplessStream(StreamInfo stream, long step, Func<long, long?, CancellationToken, Task<RestPage>> fetch, WorkerServices services, ILogger log, long maxBufferedBytes)
    {
        _stream = stream;
        _step = step;
        _fetch = fetch;
        _output = services.Output;
        _events = services.Events;
        _status = services.Status;
        _time = services.Time;
        _stopping = services.Stopping;
        _onBug = services.OnBug;
        _log = log;
        _maxBufferedBytes = maxBufferedBytes;
    }

    /// <summary>The id of the last row delivered (or known durable at start).</summary>
    public long? LastId => _lastId;

    /// <summary>True while a backfill runs.</summary>
    public bool Backfilling => Volatile.Read(ref _backfilling);

    /// <summary>The running backfill, if any (tests and shutdown wait on it).</summary>
    public Task Backfill => _backfill;

    /// <summary>Sets the last id already durably recorded (from the files at start).</summary>
    public void Seed(long? lastDurableId) => _lastId = lastDurableId;

    /// <summary>A live message: delivered, held back behind a backfill, or dropped as a duplicate.</summary>
    public async ValueTask OnLiveAsync(long id, long exchangeTimeMs, ReadOnlyMemory<byte> rows, int rowCount, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_lastId is { } last && id <= last)
            {
                _status.Duplicate();
                return;
            }

            if (_backfilling)
            {
                Hold(id, exchangeTimeMs, rows, rowCount);
                return;
            }

            if (_lastId is null || id == _lastId + _step)
            {
                await _output.WriteAsync(_stream.Type, exchangeTimeMs, rows, rowCount, ct).ConfigureAwait(false);
                _lastId = id;
                return;
            }

            Hold(id, exchangeTimeMs, rows, rowCount);
            StartBackfill(FormattableString.Invariant($"id jump from {_lastId} to {id}"));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a reconnect or at start: fetch whatever happened since the last id up to now.</summary>
    public async ValueTask CatchUpAsync(string reason, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_lastId is not null && !_backfilling)
            {
                StartBackfill(reason);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Hold(long id, long timeMs, ReadOnlyMemory<byte> rows, int rowCount)
    {
        if (_heldBytes + rows.Length > _maxBufferedBytes)
        {
            // REST can serve all of these again: forget them and let the backfill run further.
            WorkerLog.HeldBackDropped(_log, _stream.ConfigName, _held.Count);
            _held.Clear();
            _heldBytes = 0;
        }

        if (_held.Count > 0 && id <= _held[^1].Id)
        {
            _status.Duplicate();
            return;
        }

        _held.Add((id, timeMs, rows.ToArray(), rowCount));
        _heldBytes += rows.Length;
    }

    /// <summary>Called under the gate.</summary>
    private void StartBackfill(string reason)
    {
        _backfilling = true;
        _backfill = Task.Run(() => BackfillAsync(reason, _stopping), CancellationToken.None);
    }

    private async Task BackfillAsync(string reason, CancellationToken ct)
    {
        var start = _lastId!.Value + _step;
        long fetched = 0;
        long? lastFetched = null;
        var lagRetries = 0;
        WorkerLog.BackfillStarted(_log, _stream.ConfigName, start, reason);
        try
        {
            while (true)
            {
                long from;
                long? heldFrom;
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    from = _lastId!.Value + _step;
                    heldFrom = Target;
                    if (Target is { } reached && from >= reached)
                    {
                        if (await ReleaseHeldAsync(ct).ConfigureAwait(false))
                        {
                            await FinishAsync(reason, start, lastFetched, fetched, ct).ConfigureAwait(false);
                            return;
                        }

                        continue; // The held messages themselves have a hole: fetch it.
                    }
                }
                finally
                {
                    _gate.Release();
                }

                var page = await FetchAsync(from, heldFrom, ct).ConfigureAwait(false);
                var waitForLag = false;
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var target = Target;
                    var rows = page.Rows.Rows.Where(r => r.Id >= from && (target is null || r.Id < target)).ToList();
                    var firstAvailable = page.Rows.Rows.Where(r => r.Id >= from).Select(r => (long?)r.Id).FirstOrDefault();
                    if (firstAvailable is { } first && first > from)
                    {
                        // The exchange no longer has the start of the range.
                        var lostTo = Math.Min(first, target ?? first) - _step;
                        await LostAsync(from, lostTo, "the exchange no longer serves these over REST", ct).ConfigureAwait(false);
                        if (rows.Count == 0)
                        {
                            _lastId = lostTo;
                            continue;
                        }
                    }

                    if (rows.Count > 0)
                    {
                        await _output.WriteRestRowsAsync(_stream.Type, page.Rows, rows, ct).ConfigureAwait(false);
                        _lastId = rows[^1].Id;
                        lastFetched = _lastId;
                        fetched += rows.Count;
                        _status.Backfilled(_stream.Type, rows.Count);
                        lagRetries = 0;
                    }

                    if (target is null && (page.ReachedPresent || firstAvailable is null))
                    {
                        await FinishAsync(reason, start, lastFetched, fetched, ct).ConfigureAwait(false);
                        return;
                    }

                    if (target is not null && firstAvailable is null)
                    {
                        // Live messages are ahead of what REST serves yet: give the exchange a moment.
                        if (++lagRetries > MaxLagRetries)
                        {
                            await LostAsync(_lastId!.Value + _step, target.Value - _step, "REST never served these although later ones arrived live", ct).ConfigureAwait(false);
                            _lastId = target.Value - _step;
                        }
                        else
                        {
                            waitForLag = true;
                        }
                    }
                }
                finally
                {
                    _gate.Release();
                }

                if (waitForLag)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * lagRetries), _time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: held-back rows stay unwritten; the next start resumes after the last id written.
        }
        catch (BinanceRestException e)
        {
            WorkerLog.BackfillRefused(_log, _stream.ConfigName, e.Message);
            await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                var from = _lastId!.Value + _step;
                var to = Target is { } t ? t - _step : (long?)null;
                await LostAsync(from, to, "backfill refused by the exchange: " + e.Message, ct).ConfigureAwait(false);
                if (to is { } end)
                {
                    _lastId = end;
                }

                await ReleaseHeldAsync(ct).ConfigureAwait(false);
                _backfilling = false;
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

    /// <summary>Fetches a page; a response that cannot be parsed is logged and asked for again.</summary>
    private async Task<RestPage> FetchAsync(long from, long? heldFrom, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await _fetch(from, heldFrom, ct).ConfigureAwait(false);
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

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <summary>First held-back id: where the backfill must arrive. Called under the gate.</summary>
    private long? Target => _held.Count > 0 ? _held[0].Id : null;

    /// <summary>
    /// Writes held-back messages in order until one does not follow the previous; true when all were written.
    /// Called under the gate.
    /// </summary>
    private async ValueTask<bool> ReleaseHeldAsync(CancellationToken ct)
    {
        var i = 0;
        try
        {
            for (; i < _held.Count; i++)
            {
                var (id, time, rows, count) = _held[i];
                if (_lastId is { } last && id <= last)
                {
                    _status.Duplicate();
                    continue;
                }

                if (_lastId is { } previous && id != previous + _step)
                {
                    return false;
                }

                await _output.WriteAsync(_stream.Type, time, rows, count, ct).ConfigureAwait(false);
                _lastId = id;
            }

            return true;
        }
        finally
        {
            _heldBytes -= _held.Take(i).Sum(h => (long)h.Rows.Length);
            _held.RemoveRange(0, i);
        }
    }

    /// <summary>Called under the gate.</summary>
    private async ValueTask FinishAsync(string reason, long start, long? lastFetched, long fetched, CancellationToken ct)
    {
        _backfilling = false;
        var what = _stream.Type == Core.Streams.StreamType.AggTrade ? "trades" : "candles";
        var detail = FormattableString.Invariant($"{fetched} {what} fetched over REST after {reason}");
        await _events.WriteAsync(_stream.ConfigName, EventKinds.Backfill, start, lastFetched, detail, ct).ConfigureAwait(false);
        WorkerLog.BackfillDone(_log, _stream.ConfigName, fetched, start, lastFetched ?? 0);
    }

    private async ValueTask LostAsync(long from, long? to, string why, CancellationToken ct)
    {
        _status.Gap();
        WorkerLog.Unrecoverable(_log, _stream.ConfigName, from, to ?? -1, why);
        await _events.WriteAsync(_stream.ConfigName, EventKinds.Gap, from, to, why, ct).ConfigureAwait(false);
    }
}
