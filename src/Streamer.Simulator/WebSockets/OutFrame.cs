namespace Streamer.Simulator.WebSockets;

/// <summary>
/// One text frame waiting in a connection's queue. Stream data is serialized once per event as the
/// combined envelope <c>{"stream":..,"data":{..}}</c>; a raw connection sends the data slice of the
/// same array, so all subscribers share one buffer.
/// </summary>
internal readonly record struct OutFrame(byte[] Buffer, int DataOffset, int DataLength, bool IsEnvelope)
{
    public static OutFrame Whole(byte[] buffer) => new(buffer, 0, buffer.Length, false);

    public ReadOnlyMemory<byte> For(bool combined) =>
        IsEnvelope && !combined ? Buffer.AsMemory(DataOffset, DataLength) : Buffer.AsMemory();
}
