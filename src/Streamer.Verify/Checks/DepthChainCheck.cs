using Streamer.Core.Depth;
using Streamer.Core.Streams;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// Follows the depth update id chain with the exchange's rule (<see cref="DepthRules.For"/>): futures chain
/// <c>pu</c> to the previous <c>u</c> (DESIGN section 2, <see cref="DepthContinuity"/>); spot sends no <c>pu</c>
/// (the column is empty) and chains <c>U</c> = previous <c>u</c> + 1, so there the lost updates end at <c>U</c> - 1
/// instead of at <c>pu</c>, and a snapshot resyncs when it reaches <c>U</c> - 1. The text below says <c>pu</c>; read
/// "the last lost update" for spot. A depthUpdate is
/// several consecutive rows sharing first/final/prev ids (or one row with empty side, price and quantity).
/// Each update's <c>pu</c> must equal the previous update's <c>u</c>; when it does not, updates were lost.
/// Such a break is "resynced" when a depth_snapshot lets the book restart: its <c>last_update_id</c> is at
/// least the breaking update's <c>pu</c> (it contains everything lost) and at most the last <c>u</c> of the
/// chain segment that follows the break (an update of that segment straddles it, so the chain goes on from
/// the snapshot). A break whose segment ends at a further break before any snapshot lands in it (a restart
/// then a connection drop a moment later: the recorder asked for a snapshot, the next break came first)
/// shares the fate of that later break: the book is unknown from the first break until the snapshot that
/// resyncs the later one, exactly as it is between any break and its snapshot. An update whose <c>u</c> is
/// not above the previous one is a repeated update (duplicate).
/// </summary>
internal sealed class DepthChainCheck(SnapshotIds snapshots, IDepthSequenceRule rule) : IRowCheck
{
    /// <summary>The futures rule (the default exchange's).</summary>
    public DepthChainCheck(SnapshotIds snapshots)
        : this(snapshots, FuturesDepthRule.Instance)
    {
    }

    private const int MaxLevelBytes = 64;
    private static readonly StreamLayout Layout = StreamLayout.For(StreamCatalog.Depth);
    private static readonly int FirstColumn = Layout.Index("first_update_id");
    private static readonly int FinalColumn = Layout.Index("final_update_id");
    private static readonly int PrevColumn = Layout.Index("prev_final_update_id");
    private static readonly int SideColumn = Layout.Index("side");
    private static readonly int PriceColumn = Layout.Index("price");
    private static readonly int QuantityColumn = Layout.Index("quantity");

    // The update being read: its ids and its first level, because a repeat of that level means the
    // same update was written again right after itself.
    private readonly byte[] _groupLevel = new byte[MaxLevelBytes];
    private int _groupLevelLength = -1;
    private long _groupFirst;
    private long _groupFinal;
    private long _groupPrev;

    private DayResult? _day;
    private long? _lastFinal;
    private DepthBreak? _pending;
    private DayResult? _pendingDay;

    // Breaks whose segment ended at a later break before a snapshot could land in it: decided with that break.
    private readonly List<(DepthBreak Break, DayResult Day)> _superseded = [];
    private long _segmentLastFinal;

    public void Begin(DayResult day) => _day = day;

    public void Row(in RowView row)
    {
        var day = _day!;
        var side = row.Field(SideColumn);
        var price = row.Field(PriceColumn);
        if (!ValidLevel(side, price, row.Field(QuantityColumn)))
        {
            day.MalformedRows++;
            day.Add(new Problem(Severity.Error, "malformed", "side must be bid or ask with a price and quantity, or all three empty (an update without levels)", row.At));
            return;
        }

        var first = row.Integer(FirstColumn);
        var final = row.Integer(FinalColumn);
        // Spot sends no pu: the column is empty (0 here, which no futures pu is).
        var prev = row.OptionalInteger(PrevColumn) ?? 0;
        if (_groupLevelLength >= 0 && first == _groupFirst && final == _groupFinal && prev == _groupPrev && !SameAsGroupLevel(side, price))
        {
            return; // Another level of the same update.
        }

        StartGroup(first, final, prev, side, price);
        day.Updates++;
        if (_lastFinal is { } lastFinal)
        {
            if (final <= lastFinal)
            {
                day.Add(new Duplicate(final, lastFinal, row.At));
                return;
            }

            if (!rule.Continues(new DepthUpdateIds(first, final, prev), lastFinal))
            {
                ResolvePending(endOfData: false, live: false);
                _pending = new DepthBreak { PreviousFinal = lastFinal, PrevFinal = prev, First = first, Final = final, At = row.At, NoPu = row.Field(PrevColumn).IsEmpty };
                _pendingDay = day;
                day.Add(_pending);
            }
        }

        _lastFinal = final;
        _segmentLastFinal = final;
    }

    /// <summary>
    /// No more rows follow (or the next day read does not follow this one): decides the last break. With
    /// the chain's continuation unknown, any later snapshot that contains the lost updates resyncs it.
    /// </summary>
    /// <param name="live">The last file read is still being written, so a snapshot may yet come.</param>
    public void Finish(bool live)
    {
        ResolvePending(endOfData: true, live);
        _lastFinal = null;
        _groupLevelLength = -1;
    }

    private void ResolvePending(bool endOfData, bool live)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        var snapshot = snapshots.FirstAtOrAbove(pending.LastLost);
        if (!endOfData && snapshot is { } later && later > _segmentLastFinal)
        {
            // The snapshot lands after the next break: that break decides this one too.
            _superseded.Add((pending, _pendingDay!));
            _pending = null;
            _pendingDay = null;
            return;
        }

        var outcome = snapshot is not null
            ? BreakOutcome.Resynced
            : endOfData && live ? BreakOutcome.AwaitingSnapshot : BreakOutcome.Unresolved;
        var resyncedBy = outcome == BreakOutcome.Resynced ? snapshot : null;
        _pendingDay!.Resolve(pending, outcome, resyncedBy);
        foreach (var (earlier, day) in _superseded)
        {
            // A snapshot that resyncs the later break contains everything the earlier one lost as well.
            earlier.DecidedByLaterBreak = true;
            day.Resolve(earlier, outcome, resyncedBy);
        }

        _superseded.Clear();
        _pending = null;
        _pendingDay = null;
    }

    private static bool ValidLevel(ReadOnlySpan<byte> side, ReadOnlySpan<byte> price, ReadOnlySpan<byte> quantity) =>
        side.IsEmpty
            ? price.IsEmpty && quantity.IsEmpty
            : (side.SequenceEqual("bid"u8) || side.SequenceEqual("ask"u8)) && !price.IsEmpty && !quantity.IsEmpty;

    private bool SameAsGroupLevel(ReadOnlySpan<byte> side, ReadOnlySpan<byte> price) =>
        side.Length + 1 + price.Length == _groupLevelLength
        && _groupLevel.AsSpan(0, side.Length).SequenceEqual(side)
        && _groupLevel.AsSpan(side.Length + 1, price.Length).SequenceEqual(price);

    private void StartGroup(long first, long final, long prev, ReadOnlySpan<byte> side, ReadOnlySpan<byte> price)
    {
        _groupFirst = first;
        _groupFinal = final;
        _groupPrev = prev;
        if (side.Length + 1 + price.Length > MaxLevelBytes)
        {
            _groupLevelLength = 0; // Too long to remember: repeats of this update go unnoticed, nothing else.
            return;
        }

        side.CopyTo(_groupLevel);
        _groupLevel[side.Length] = (byte)',';
        price.CopyTo(_groupLevel.AsSpan(side.Length + 1));
        _groupLevelLength = side.Length + 1 + price.Length;
    }
}
