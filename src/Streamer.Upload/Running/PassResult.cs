using Streamer.Upload.Store;

namespace Streamer.Upload.Running;

/// <summary>The outcome of one pass over the sealed files.</summary>
/// <param name="Pending">Sealed files still not verified in the store.</param>
/// <param name="Failure">The first store failure of the pass, or null.</param>
public sealed record PassResult(int Pending, ObjectStoreException? Failure);
