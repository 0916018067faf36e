using Streamer.Core.Status;

namespace Streamer.Upload.Running;

/// <summary>What the uploader reports in its <c>@status</c> line (and so in <c>--status</c>, <c>/metrics</c>, <c>/health</c>).</summary>
public sealed class UploadCounters
{
    private readonly Lock _gate = new();
    private long _uploadedFiles, _uploadedBytes, _failures, _deleted, _pendingFiles, _pendingBytes, _oldestSeconds;
    private string _state = "starting";
    private string? _detail;

    /// <summary>Short state: starting, idle, uploading, store-down, bad-credentials, no-bucket.</summary>
    public string State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Failed attempts so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public void Uploaded(long bytes)
    {
        Interlocked.Increment(ref _uploadedFiles);
        Interlocked.Add(ref _uploadedBytes, bytes);
    }

    public void Failed() => Interlocked.Increment(ref _failures);

    public void Deleted() => Interlocked.Increment(ref _deleted);

    /// <summary>The backlog after a scan: sealed files not yet verified in the store.</summary>
    public void Backlog(int files, long bytes, TimeSpan oldest)
    {
        Interlocked.Exchange(ref _pendingFiles, files);
        Interlocked.Exchange(ref _pendingBytes, bytes);
        Interlocked.Exchange(ref _oldestSeconds, (long)oldest.TotalSeconds);
    }

    public void SetState(string state, string? detail)
    {
        lock (_gate)
        {
            _state = state;
            _detail = detail;
        }
    }

    /// <summary>The status line's content.</summary>
    public ChildStatus Snapshot()
    {
        lock (_gate)
        {
            return new ChildStatus
            {
                Role = "uploader",
                State = _state,
                Detail = _detail,
                Counters = new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["uploaded_files"] = Interlocked.Read(ref _uploadedFiles),
                    ["uploaded_bytes"] = Interlocked.Read(ref _uploadedBytes),
                    ["upload_failures"] = Interlocked.Read(ref _failures),
                    ["deleted_local_files"] = Interlocked.Read(ref _deleted),
                    ["upload_pending_files"] = Interlocked.Read(ref _pendingFiles),
                    ["upload_pending_bytes"] = Interlocked.Read(ref _pendingBytes),
                    ["upload_oldest_pending_seconds"] = Interlocked.Read(ref _oldestSeconds),
                },
            };
        }
    }
}
