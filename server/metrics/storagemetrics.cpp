#include "storagemetrics.h"

#include "prometheustext.h"

#include <storage/healthcheck.h>

QByteArray StorageMetrics::prometheusText(const StorageHealth &health)
{
    PrometheusText out;
    out.family("chat_storage_write_failing", "gauge",
        "1 while the database writes fail (the last transaction did not commit), else 0.");
    out.sample("chat_storage_write_failing", health.writeFailing ? 1 : 0);
    out.family("chat_storage_write_failures_total", "counter",
        "Write transactions that did not commit (full disk, read-only file, lock timeout).");
    out.sample("chat_storage_write_failures_total", double(health.failedWrites));
    out.family("chat_storage_batches_retried_total", "counter",
        "Write batches rolled back and run again job by job (a job failed, or a deadlock "
        "with another node's writer was broken).");
    out.sample("chat_storage_batches_retried_total", double(health.retriedBatches));
    out.family("chat_storage_last_commit_timestamp_seconds", "gauge",
        "When the last write transaction committed (0: none since the start).");
    out.sample("chat_storage_last_commit_timestamp_seconds", double(health.lastCommitMs) / 1000);
    out.family("chat_storage_writer_backlog", "gauge",
        "Writes waiting for the database writer or in its running transaction.");
    out.sample("chat_storage_writer_backlog", health.backlog);
    out.family("chat_storage_writer_oldest_wait_seconds", "gauge",
        "How long the oldest of those writes has waited so far (0 when none waits).");
    out.sample("chat_storage_writer_oldest_wait_seconds", double(health.oldestWaitMs) / 1000);
    return out.text();
}
