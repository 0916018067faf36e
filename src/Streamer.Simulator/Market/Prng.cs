namespace Streamer.Simulator.Market;

/// <summary>
/// xoshiro256** seeded through SplitMix64. The generator is ours, not <see cref="Random"/>, so the
/// sequence cannot change with a runtime upgrade and each symbol has an independent stream:
/// adding a symbol does not change the market of the others.
/// </summary>
internal sealed class Prng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Prng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A seed for one symbol: FNV-1a of the name mixed with the run seed (string.GetHashCode is randomized per process).</summary>
    public static ulong SeedFor(long seed, string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash ^ ((ulong)seed * 0x9E3779B97F4A7C15UL);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, max) for max &gt; 0; 0 otherwise.</summary>
    public long NextLong(long max) => max <= 0 ? 0 : (long)(NextUInt64() % (ulong)max);

    public int NextInt(int max) => (int)NextLong(max);

    public bool Chance(double probability) => NextDouble() < probability;

    public double Exponential(double mean) => -Math.Log(1.0 - NextDouble()) * mean;

    /// <summary>Standard normal (Box-Muller; one value per call keeps the sequence easy to reason about).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>exp(N(0, sigma)) — sizes in markets are heavy-tailed.</summary>
    public double LogNormal(double sigma) => Math.Exp(sigma * Normal());

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
