using System.Diagnostics;
using System.Globalization;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;

namespace Streamer.Micro;

/// <summary>
/// A few-second stopwatch check of the per-message hot path (ns and allocated bytes per operation on this thread),
/// for iterating on a change without BenchmarkDotNet's minutes: <c>Streamer.Micro --quick</c>.
/// </summary>
internal static class QuickCheck
{
    public static void Run()
    {
        var parser = new BinanceMessageParser("BTCUSDT");
        var rows = new CsvRowBuilder(64 * 1024);
        var depth10 = Messages.Depth(10);
        var depth100 = Messages.Depth(100);
        Measure("parse aggTrade", () => Parse(parser, rows, Messages.AggTrade));
        Measure("parse bookTicker", () => Parse(parser, rows, Messages.BookTicker));
        Measure("parse depth 10+10", () => Parse(parser, rows, depth10));
        Measure("parse depth 100+100", () => Parse(parser, rows, depth100));
    }

    private static int Parse(BinanceMessageParser parser, CsvRowBuilder rows, byte[] message)
    {
        rows.Clear();
        return parser.Parse(message, 1767225600123456, rows).Rows;
    }

    private static void Measure(string name, Func<int> operation)
    {
        var warmUp = Stopwatch.StartNew();
        var count = 0;
        while (warmUp.ElapsedMilliseconds < 500)
        {
            operation(); // Tiered JIT reaches its optimised code; also sizes the rounds (~100 ms each).
            count++;
        }

        var best = double.MaxValue;
        long bytes = 0;
        var perRound = Math.Max(1, count / 5);
        for (var round = 0; round < 5; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < perRound; i++)
            {
                operation();
            }

            best = Math.Min(best, watch.Elapsed.TotalNanoseconds / perRound);
            bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {best,9:0.0} ns/op {(double)bytes / perRound,8:0.0} B/op"));
    }
}
