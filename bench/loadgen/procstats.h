#pragma once

#include <cstdint>

/** The server's own account of its CPU time and memory, from /proc/PID. */
namespace ProcStats {
/** utime + stime of every thread, in microseconds; -1 when the process cannot be read. */
int64_t cpuUs(int pid);
/** VmRSS in KiB; -1 when unknown. */
int64_t rssKb(int pid);
} // namespace ProcStats
