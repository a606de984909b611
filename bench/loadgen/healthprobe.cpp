#include "healthprobe.h"

#include "reactor.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

HealthProbe::HealthProbe(const BenchConfig &config, uint16_t port)
    : m_config(config)
    , m_port(port)
{ }

HealthProbe::~HealthProbe()
{
    stop();
}

void HealthProbe::start()
{
    m_thread = std::thread([this] { run(); });
}

void HealthProbe::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void HealthProbe::run()
{
    while (!m_stop) {
        const int64_t begun = nowNs();
        const int status = probeOnce();
        if (status == 0)
            ++m_failed;
        else
            m_latencies.add(nowNs() - begun);
        if (status != 0 && status != 200)
            ++m_notOk;
        std::this_thread::sleep_until(
            std::chrono::steady_clock::now() + std::chrono::milliseconds(25));
    }
}

int HealthProbe::probeOnce()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    timeval timeout { 30, 0 };
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    address.sin_addr.s_addr = htonl(m_config.host);
    int status = 0;
    const int64_t connecting = nowNs();
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0) {
        m_connectLatencies.add(nowNs() - connecting);
        const std::string request
            = "GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n";
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
            std::string head;
            char buffer[512];
            while (head.find("\r\n") == std::string::npos) {
                const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0)
                    break;
                head.append(buffer, size_t(n));
            }
            // "HTTP/1.1 200 OK"
            if (head.size() >= 12 && head.compare(0, 5, "HTTP/") == 0)
                status = std::atoi(head.c_str() + 9);
        }
    }
    ::close(fd);
    return status;
}
