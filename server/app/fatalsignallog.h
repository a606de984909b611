#pragma once

/// @brief A last log line when the process dies of SIGBUS. SQLite maps the database's `-shm`
/// file (the WAL index) into memory; when that file is truncated, or its file system can no
/// longer back a page of it, the next access raises SIGBUS, which would otherwise kill the
/// server without a word. The process still dies (nothing can be trusted after it): the
/// handler only says why first, and the service manager restarts it.
namespace FatalSignalLog {
/// Installs the handler; call once, early in main.
void install();
} // namespace FatalSignalLog
