namespace Streamer.Upload.Store;

/// <summary>Why a request to the object store failed, in the terms a user acts on.</summary>
public enum StoreFailure
{
    /// <summary>Not reachable, timed out, 5xx, throttled: retried with backoff.</summary>
    Unavailable,

    /// <summary>Credentials missing, unknown or refused.</summary>
    Credentials,

    /// <summary>The bucket does not exist or is not ours.</summary>
    Bucket,

    /// <summary>The store received other bytes than we sent (bad digest, verification mismatch).</summary>
    Integrity,
}

/// <summary>A failed object-store request with a sentence naming the setting to fix.</summary>
public sealed class ObjectStoreException(StoreFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The kind of failure.</summary>
    public StoreFailure Failure { get; } = failure;
}
