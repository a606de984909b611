#include "procstats.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace ProcStats {

int64_t cpuUs(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(file, line))
        return -1;
    // The command name may hold spaces: fields count from the last ')'.
    const size_t close = line.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    int64_t utime = 0;
    int64_t stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14)
            utime = std::stoll(field);
        if (i == 15)
            stime = std::stoll(field);
    }
    const long ticks = sysconf(_SC_CLK_TCK);
    return (utime + stime) * 1'000'000 / ticks;
}

int64_t rssKb(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(file, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stoll(line.substr(6));
    }
    return -1;
}

} // namespace ProcStats
