namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The one explicit table from status-line counters to Prometheus metrics. A counter that is not in
/// the table is still exposed, raw, as <c>streamer_child_counter{counter="..."}</c>, so a new counter is
/// visible before it gets a proper name here. README "Operations" documents the same table.
/// </summary>
public static class ChildCounterTable
{
    /// <summary>Every mapped counter, in exposition order.</summary>
    public static IReadOnlyList<ChildCounterMetric> All { get; } =
    [
        // Workers: the exchange side.
        new("streamer_reconnects_total", MetricType.Counter, "WebSocket reconnections after a drop or a silent connection (each is a disconnect/reconnect pair in events).", "reconnects", "worker"),
        new("streamer_connection_rollovers_total", MetricType.Counter, "Planned, overlapping connection replacements before Binance's 24 h limit (lose nothing).", "rollovers", "worker"),
        new("streamer_gaps_total", MetricType.Counter, "Holes that could not be filled (a gap row in events): depth chain breaks and trades the exchange no longer serves.", "gaps", "worker"),
        new("streamer_backfilled_trades_total", MetricType.Counter, "aggTrades fetched back over REST after a disconnect or restart.", "backfilled_trades", "worker"),
        new("streamer_backfilled_klines_total", MetricType.Counter, "Closed klines fetched back over REST.", "backfilled_klines", "worker"),
        new("streamer_resyncs_total", MetricType.Counter, "Depth resynchronisations from a new REST snapshot (worker: after a pu break; orderbook: book rebuilt).", "resyncs"),
        new("streamer_depth_snapshots_total", MetricType.Counter, "REST depth snapshots taken (limit 1000, weight 20 each).", "snapshots", "worker"),
        new("streamer_duplicates_dropped_total", MetricType.Counter, "Messages seen twice (overlapping connections, backfill) and written once.", "duplicates_dropped", "worker"),
        new("streamer_malformed_total", MetricType.Counter, "Malformed exchange messages or pipe frames, counted, logged and skipped.", "malformed"),
        new("streamer_rest_weight_used_total", MetricType.Counter, "REST request weight used by the worker (Binance allows 2400 per minute per IP, shared by all workers).", "rest_weight_used", "worker"),
        new("streamer_unacked_frames", MetricType.Gauge, "Frames sent to the writer and not yet acknowledged (the worker's pipe queue depth; grows while the writer is down or the disk refuses).", "unacked_frames", "worker"),
        new("streamer_handoff_memory_frames", MetricType.Gauge, "Unacknowledged frames a worker (or the order book) holds in memory only (storage.handoff_memory_bytes bounds them; lost if the process is killed).", "handoff_memory_frames"),
        new("streamer_journal_frames", MetricType.Gauge, "Unacknowledged frames in the source's journal on disk ({data_dir}/.journal): they survive restarts and are delivered first.", "journal_frames"),
        new("streamer_journal_bytes", MetricType.Gauge, "Bytes of the source's journal segments.", "journal_bytes"),

        // Writer: the disk side.
        new("streamer_rows_written_total", MetricType.Counter, "CSV rows handed to the OS by the writer.", "rows_written", "writer"),
        new("streamer_written_bytes_total", MetricType.Counter, "Bytes handed to the OS by the writer.", "bytes_written", "writer"),
        new("streamer_writer_buffered_bytes", MetricType.Gauge, "Bytes the writer accepted and has not yet written (writer lag in bytes; grows while the disk refuses).", "buffered_bytes", "writer"),
        new("streamer_files_open", MetricType.Gauge, "CSV files the writer holds open.", "files_open", "writer"),
        new("streamer_writer_connections", MetricType.Gauge, "Pipe connections to the writer (one per worker, plus the order book).", "connections", "writer"),
        new("streamer_acked_frames_total", MetricType.Counter, "Frames acknowledged to their sender after they were written.", "acked_sequences", "writer"),
        new("streamer_resends_dropped_total", MetricType.Counter, "Frames sent again after a reconnect and dropped because they were already written.", "resends_dropped", "writer"),
        new("streamer_protocol_errors_total", MetricType.Counter, "Connections closed for a sequence gap or another protocol error.", "protocol_errors", "writer"),
        new("streamer_disk_errors_total", MetricType.Counter, "Failed disk operations (full disk, read-only folder); writes are retried, nothing unwritten is acknowledged.", "disk_errors", "writer"),
        new("streamer_files_compressed_total", MetricType.Counter, "Finished days gzipped.", "files_compressed", "writer"),

        // Order book.
        new("streamer_book_depth_events_total", MetricType.Counter, "Depth updates received by the order book process.", "depth_events", "orderbook"),
        new("streamer_book_snapshots_total", MetricType.Counter, "Depth snapshots received by the order book process.", "snapshots", "orderbook"),
        new("streamer_book_snapshots_rejected_total", MetricType.Counter, "Snapshots that could not seed a book (too old for the buffered updates).", "snapshots_rejected", "orderbook"),
        new("streamer_book_snapshot_requests_total", MetricType.Counter, "Fresh snapshots the order book asked workers for.", "snapshot_requests", "orderbook"),
        new("streamer_book_rows_total", MetricType.Counter, "orderbook rows sent to the writer.", "rows_written", "orderbook"),
        new("streamer_book_rows_dropped_total", MetricType.Counter, "orderbook rows dropped because the writer could not take them.", "rows_dropped", "orderbook"),
        new("streamer_books_synced", MetricType.Gauge, "Order books currently in sync.", "books_synced", "orderbook"),
        new("streamer_book_feeds_connected", MetricType.Gauge, "Workers currently feeding the order book process.", "feeds_connected", "orderbook"),

        // Uploader: sealed files to the object store.
        new("streamer_upload_pending_files", MetricType.Gauge, "Sealed files not yet verified in the object store (the upload backlog).", "upload_pending_files", "uploader"),
        new("streamer_upload_pending_bytes", MetricType.Gauge, "Bytes of the sealed files not yet verified in the object store.", "upload_pending_bytes", "uploader"),
        new("streamer_upload_oldest_pending_seconds", MetricType.Gauge, "Age of the oldest pending file: seconds since its day closed (0 when none waits).", "upload_oldest_pending_seconds", "uploader"),
        new("streamer_uploaded_files_total", MetricType.Counter, "Files uploaded and verified (HEAD: size, SHA-256, ETag).", "uploaded_files", "uploader"),
        new("streamer_uploaded_bytes_total", MetricType.Counter, "Bytes uploaded and verified.", "uploaded_bytes", "uploader"),
        new("streamer_upload_failures_total", MetricType.Counter, "Failed upload attempts (store down, bad credentials, verification mismatch); retried with capped backoff.", "upload_failures", "uploader"),
        new("streamer_upload_deleted_local_total", MetricType.Counter, "Local files deleted after their object was verified (upload.delete_local).", "deleted_local_files", "uploader"),
    ];

    // After All: static initializers run in order.
    private static readonly Dictionary<(string? Role, string Source), ChildCounterMetric> ByRoleAndSource = All.ToDictionary(m => (m.Role, m.Source));

    /// <summary>The row for <paramref name="counter"/> of a <paramref name="role"/> child, or null.</summary>
    public static ChildCounterMetric? Find(string role, string counter) =>
        ByRoleAndSource.GetValueOrDefault((role, counter)) ?? ByRoleAndSource.GetValueOrDefault((null, counter));

    /// <summary>True when <paramref name="counter"/> of a <paramref name="role"/> child is exposed by a table row or the latency histogram.</summary>
    public static bool IsMapped(string role, string counter) =>
        counter.StartsWith(LatencyCounters.BucketPrefix, StringComparison.Ordinal)
        || counter == LatencyCounters.SumCounter
        || Find(role, counter) is not null;
}
