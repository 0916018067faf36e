using System.Globalization;

namespace Streamer.History.Running;

/// <summary>Days and bytes so far and the rate, shared by both progress displays.</summary>
internal sealed class ProgressCounters(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _bytes;
    private int _days;
    private int _planned;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Days => Volatile.Read(ref _days);

    public int PlannedDays => Volatile.Read(ref _planned);

    public void Plan(int days) => Interlocked.Add(ref _planned, days);

    public void Received(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public int DayDone() => Interlocked.Increment(ref _days);

    /// <summary><c>3/10 days, 12.3 MB, 4.5 MB/s</c>.</summary>
    public string Describe()
    {
        var seconds = Math.Max(time.GetElapsedTime(_started).TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{Days}/{PlannedDays} days, {Bytes / 1e6:0.0} MB, {Bytes / 1e6 / seconds:0.0} MB/s");
    }
}
