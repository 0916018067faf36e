using System.Text;

namespace Streamer.Bench.Infrastructure;

/// <summary>What one symbol's recorded files prove about loss, from the simulator's own ids.</summary>
/// <param name="FirstAggTradeId">Lowest aggTrade id on disk.</param>
/// <param name="AggTrades">aggtrade rows.</param>
/// <param name="AggTradeGaps">Places where an aggTrade id is not the previous one + 1 (a hole, a duplicate or disorder).</param>
/// <param name="LastAggTradeId">Highest aggTrade id on disk.</param>
/// <param name="FirstDepthUpdateId">u of the first depth event on disk.</param>
/// <param name="DepthEvents">depthUpdate events (groups of rows with one final_update_id).</param>
/// <param name="DepthBreaks">Events whose pu is not the previous event's u.</param>
/// <param name="LastDepthUpdateId">u of the last depth event on disk.</param>
/// <param name="BookTickers">bookticker rows.</param>
/// <param name="OtherRows">Rows of the other streams (kline_1m, markprice, forceorder).</param>
/// <param name="LossEvents">events rows of kind gap, disconnect or resync.</param>
internal sealed record SymbolRecording(
    long FirstAggTradeId, long AggTrades, long AggTradeGaps, long LastAggTradeId,
    long FirstDepthUpdateId, long DepthEvents, long DepthBreaks, long LastDepthUpdateId,
    long BookTickers, long OtherRows, long LossEvents)
{
    /// <summary>Messages the files account for (one row per aggTrade/bookTicker/other message, one event per depth message).</summary>
    public long Messages => AggTrades + DepthEvents + BookTickers + OtherRows;
}

/// <summary>Checks recorded files for holes, using the exchange's own continuous ids (aggTrade <c>a</c>, depth <c>pu</c>/<c>u</c>).</summary>
internal static class RecordingCheck
{
    /// <summary>Scans every file of <paramref name="symbol"/>.</summary>
    public static SymbolRecording Scan(string dataDir, string symbol)
    {
        long trades = 0, tradeGaps = 0, lastTrade = long.MinValue, firstTrade = -1;
        CsvScan.Rows(CsvScan.Files(dataDir, symbol, "aggtrade"), row =>
        {
            var id = CsvScan.Long(CsvScan.Field(row, 0));
            if (lastTrade != long.MinValue && id != lastTrade + 1)
            {
                tradeGaps++;
            }
            else if (lastTrade == long.MinValue)
            {
                firstTrade = id;
            }

            lastTrade = id;
            trades++;
        });

        long depthEvents = 0, depthBreaks = 0, lastU = long.MinValue, firstU = -1;
        CsvScan.Rows(CsvScan.Files(dataDir, symbol, "depth"), row =>
        {
            var u = CsvScan.Long(CsvScan.Field(row, 3));
            if (u == lastU)
            {
                return; // another level of the same event
            }

            var pu = CsvScan.Long(CsvScan.Field(row, 4));
            if (lastU != long.MinValue && pu != lastU)
            {
                depthBreaks++;
            }
            else if (lastU == long.MinValue)
            {
                firstU = u;
            }

            lastU = u;
            depthEvents++;
        });

        long tickers = 0;
        CsvScan.Rows(CsvScan.Files(dataDir, symbol, "bookticker"), _ => tickers++);
        long other = 0;
        foreach (var stream in new[] { "kline_1m", "markprice", "forceorder" })
        {
            CsvScan.Rows(CsvScan.Files(dataDir, symbol, stream), _ => other++);
        }

        long lossEvents = 0;
        CsvScan.Rows(CsvScan.Files(dataDir, symbol, "events"), row =>
        {
            var kind = CsvScan.Field(row, 2);
            if (kind.SequenceEqual("gap"u8) || kind.SequenceEqual("disconnect"u8) || kind.SequenceEqual("resync"u8))
            {
                lossEvents++;
            }
        });

        return new SymbolRecording(firstTrade, trades, tradeGaps, lastTrade, firstU, depthEvents, depthBreaks, lastU, tickers, other, lossEvents);
    }

    /// <summary>Highest aggTrade id on disk, from the last line of the newest file (-1 when none).</summary>
    public static long LastAggTradeId(string dataDir, string symbol) => LastField(dataDir, symbol, "aggtrade", 0);

    /// <summary>Final update id of the last depth row on disk (-1 when none).</summary>
    public static long LastDepthUpdateId(string dataDir, string symbol) => LastField(dataDir, symbol, "depth", 3);

    /// <summary>True when the symbol has at least one data row of <paramref name="stream"/>.</summary>
    public static bool HasRows(string dataDir, string symbol, string stream) => LastField(dataDir, symbol, stream, 0) != -1;

    /// <summary>Text of the loss-related rows of a symbol's events file, for a failure message.</summary>
    public static string LossEventsText(string dataDir, string symbol, int max = 10)
    {
        var sb = new StringBuilder();
        var n = 0;
        CsvScan.Rows(CsvScan.Files(dataDir, symbol, "events"), row =>
        {
            if (n++ < max)
            {
                sb.Append(symbol).Append(": ").AppendLine(Encoding.UTF8.GetString(row));
            }
        });
        return sb.ToString();
    }

    private static long LastField(string dataDir, string symbol, string stream, int field)
    {
        var files = CsvScan.Files(dataDir, symbol, stream);
        for (var i = files.Length - 1; i >= 0; i--)
        {
            var line = CsvScan.LastLine(files[i]);
            var value = CsvScan.Long(CsvScan.Field(line, field), -1);
            if (value != -1)
            {
                return value;
            }
        }

        return -1;
    }
}
