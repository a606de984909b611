#include "wsclient.h"

#include "reactor.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

WsClient::~WsClient()
{
    abort();
}

bool WsClient::open(
    Reactor &reactor, const WsTarget &target, uint32_t sourceAddress, Handler *handler)
{
    m_reactor = &reactor;
    m_handler = handler;
    m_maskSeed ^= uint32_t(reinterpret_cast<uintptr_t>(this) >> 4);
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        m_state = State::Closed;
        handler->onClosed(*this, errno == EMFILE ? "socket: too many open files" : "socket");
        return false;
    }
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (sourceAddress) {
        // Let connect() pick the port per destination, not bind() per source address.
        setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in source {};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl(sourceAddress);
        if (bind(m_fd, reinterpret_cast<sockaddr *>(&source), sizeof source) != 0) {
            fail("bind");
            return false;
        }
    }
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(target.port);
    to.sin_addr.s_addr = htonl(target.address);
    if (connect(m_fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0 && errno != EINPROGRESS) {
        fail(errno == EADDRNOTAVAIL ? "connect: no free port" : "connect");
        return false;
    }
    m_state = State::Connecting;
    char address[INET_ADDRSTRLEN] {};
    const in_addr host { htonl(target.address) };
    inet_ntop(AF_INET, &host, address, sizeof address);
    m_out = "GET " + target.path + " HTTP/1.1\r\nHost: " + address + ':'
        + std::to_string(target.port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Protocol: chat.v1\r\n";
    if (!target.origin.empty())
        m_out += "Origin: " + target.origin + "\r\n";
    m_out += "\r\n";
    m_wantWrite = true;
    reactor.add(m_fd, this, EPOLLIN | EPOLLOUT);
    return true;
}

void WsClient::sendText(std::string_view payload)
{
    if (m_state != State::Open)
        return;
    appendFrame(0x1, payload);
}

void WsClient::appendFrame(uint8_t opcode, std::string_view payload)
{
    char header[14];
    size_t n = 0;
    header[n++] = char(0x80 | opcode);
    const size_t len = payload.size();
    if (len < 126) {
        header[n++] = char(0x80 | len);
    } else if (len < 65536) {
        header[n++] = char(0x80 | 126);
        header[n++] = char(len >> 8);
        header[n++] = char(len);
    } else {
        header[n++] = char(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            header[n++] = char(uint64_t(len) >> shift);
    }
    // xorshift: masks need not be secret here, only present.
    m_maskSeed ^= m_maskSeed << 13;
    m_maskSeed ^= m_maskSeed >> 17;
    m_maskSeed ^= m_maskSeed << 5;
    uint8_t mask[4];
    std::memcpy(mask, &m_maskSeed, 4);
    std::memcpy(header + n, mask, 4);
    n += 4;
    const size_t start = m_out.size();
    m_out.append(header, n);
    m_out.append(payload);
    char *p = m_out.data() + start + n;
    for (size_t i = 0; i < len; ++i)
        p[i] = char(p[i] ^ mask[i & 3]);
    if (!m_dirty && m_state == State::Open) {
        m_dirty = true;
        m_reactor->markDirty(this);
    }
}

void WsClient::flush()
{
    m_dirty = false;
    if (m_fd < 0 || m_outSent >= m_out.size())
        return;
    if (m_state == State::Connecting)
        return; // written once connected
    while (m_outSent < m_out.size()) {
        const ssize_t n
            = ::send(m_fd, m_out.data() + m_outSent, m_out.size() - m_outSent, MSG_NOSIGNAL);
        if (n > 0) {
            m_outSent += size_t(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!m_wantWrite) {
                m_wantWrite = true;
                m_reactor->modify(m_fd, this, EPOLLIN | EPOLLOUT);
            }
            return;
        }
        fail("send");
        return;
    }
    m_out.clear();
    m_outSent = 0;
    if (m_wantWrite) {
        m_wantWrite = false;
        m_reactor->modify(m_fd, this, EPOLLIN);
    }
}

void WsClient::onEvents(uint32_t events)
{
    if (m_fd < 0)
        return;
    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t len = sizeof error;
        getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &len);
        if (error != 0) {
            fail(error == ECONNREFUSED   ? "connect: refused"
                    : error == ETIMEDOUT ? "connect: timed out"
                                         : "connect: failed");
            return;
        }
        if (!(events & (EPOLLOUT | EPOLLIN)))
            return;
        m_state = State::Handshaking;
    }
    if (events & EPOLLOUT)
        flush();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        readAvailable();
}

void WsClient::readAvailable()
{
    char buffer[65536];
    for (int rounds = 0; rounds < 4; ++rounds) {
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n == 0) {
            fail(m_state == State::Open ? "closed by peer" : "closed during handshake");
            return;
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            fail(errno == ECONNRESET ? "reset by peer" : "recv");
            return;
        }
        m_in.append(buffer, size_t(n));
        if (size_t(n) < sizeof buffer)
            break;
    }
    if (m_state == State::Handshaking && !parseHandshake())
        return;
    if (m_state == State::Open)
        parseFrames();
}

bool WsClient::parseHandshake()
{
    const size_t end = m_in.find("\r\n\r\n");
    if (end == std::string::npos)
        return false;
    if (m_in.compare(0, 12, "HTTP/1.1 101") != 0) {
        fail("http " + m_in.substr(9, 3));
        return false;
    }
    m_in.erase(0, end + 4);
    m_state = State::Open;
    m_handler->onOpen(*this);
    return m_state == State::Open;
}

void WsClient::parseFrames()
{
    while (m_state == State::Open) {
        const size_t avail = m_in.size() - m_inRead;
        const auto *p = reinterpret_cast<const uint8_t *>(m_in.data() + m_inRead);
        if (avail < 2)
            break;
        const bool fin = p[0] & 0x80;
        const uint8_t opcode = p[0] & 0x0f;
        uint64_t len = p[1] & 0x7f;
        size_t header = 2;
        if (len == 126) {
            if (avail < 4)
                break;
            len = (uint64_t(p[2]) << 8) | p[3];
            header = 4;
        } else if (len == 127) {
            if (avail < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = (len << 8) | p[2 + i];
            header = 10;
        }
        if (p[1] & 0x80)
            header += 4; // servers do not mask; skip a mask if one came anyway
        if (avail < header + len)
            break;
        const std::string_view payload(m_in.data() + m_inRead + header, size_t(len));
        m_inRead += header + size_t(len);
        if (opcode == 0x1 || opcode == 0x0) {
            if (fin && m_fragments.empty()) {
                m_handler->onText(*this, payload);
            } else {
                m_fragments.append(payload);
                if (fin) {
                    std::string whole;
                    whole.swap(m_fragments);
                    m_handler->onText(*this, whole);
                }
            }
        } else if (opcode == 0x9) {
            appendFrame(0xA, payload);
        } else if (opcode == 0x8) {
            const int code = len >= 2 ? (uint8_t(payload[0]) << 8) | uint8_t(payload[1]) : 0;
            fail("close " + std::to_string(code));
            return;
        }
    }
    if (m_inRead == m_in.size()) {
        m_in.clear();
        m_inRead = 0;
    } else if (m_inRead > 65536) {
        m_in.erase(0, m_inRead);
        m_inRead = 0;
    }
}

void WsClient::fail(std::string_view why)
{
    if (m_state == State::Closed)
        return;
    abort();
    m_handler->onClosed(*this, why);
}

void WsClient::abort()
{
    if (m_fd >= 0) {
        const linger reset { 1, 0 };
        setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        if (m_reactor)
            m_reactor->remove(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    m_state = State::Closed;
}
