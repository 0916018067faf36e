using System.Globalization;
using System.Text;

namespace Streamer.ParquetBench;

/// <summary>Market-like CSV rows in the product's exact format: depth levels and aggtrades of a BTCUSDT-like symbol.</summary>
internal static class Rows
{
    public static string Depth(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us\n");
        long time = 1_767_225_600_000, u = 9_000_000_000;
        var mid = 9_300_010L; // 93000.10 in ticks of 0.10 -> cents/10
        for (var i = 0; i < rows;)
        {
            var levels = random.Next(5, 40);
            time += random.Next(90, 110);
            var first = u + 1;
            u += random.Next(1, 200);
            mid += random.Next(-3, 4);
            for (var l = 0; l < levels && i < rows; l++, i++)
            {
                var bid = random.Next(2) == 0;
                var ticks = mid + (bid ? -random.Next(1, 500) : random.Next(1, 500));
                var qty = random.Next(0, 8) == 0 ? 0 : random.Next(1, 50_000);
                sb.Append(CultureInfo.InvariantCulture, $"{time},{time - 3},{first},{u},{first - 1},{(bid ? "bid" : "ask")},{ticks / 10}.{ticks % 10}0,{qty / 1000}.{qty % 1000:D3},{(time * 1000) + random.Next(1000, 40_000)}\n");
            }
        }

        return sb.ToString();
    }

    public static string AggTrade(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,event_time,local_time_us\n");
        long time = 1_767_225_600_000, id = 5_000_000_000, trade = 7_000_000_000;
        var ticks = 9_300_010L;
        for (var i = 0; i < rows; i++)
        {
            time += random.Next(0, 30);
            ticks += random.Next(-2, 3);
            var n = random.Next(1, 5);
            var qty = random.Next(1, 20_000);
            sb.Append(CultureInfo.InvariantCulture, $"{id++},{ticks / 10}.{ticks % 10}0,{qty / 1000}.{qty % 1000:D3},{trade},{trade + n - 1},{time},{(random.Next(2) == 0 ? "true" : "false")},{time + random.Next(0, 3)},{(time * 1000) + random.Next(1000, 40_000)}\n");
            trade += n;
        }

        return sb.ToString();
    }
}
