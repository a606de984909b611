#include "fatalsignallog.h"

#include <csignal>
#include <unistd.h>

namespace {
// Only async-signal-safe calls here: write(2) of a fixed text, then the default action.
const char busMessage[]
    = "fatal: SIGBUS (bus error): a memory-mapped file could not be read or written, most "
      "likely the database's -shm file (SQLite's WAL index): it was truncated or removed, or "
      "its file system is full or read-only. Check that file system, then start the server "
      "again (docs/operations.md, \"Failure modes\").\n";

void onBusError(int number)
{
    [[maybe_unused]] const ssize_t written
        = ::write(STDERR_FILENO, busMessage, sizeof busMessage - 1);
    // SA_RESETHAND restored the default action: raised again, the signal ends the process as
    // SIGBUS always did (exit status, core dump), once this handler returns.
    ::raise(number);
}
} // namespace

void FatalSignalLog::install()
{
    struct sigaction action = {};
    action.sa_handler = onBusError;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    ::sigaction(SIGBUS, &action, nullptr);
}
