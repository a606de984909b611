#pragma once

#include <cstdint>
#include <string>
#include <string_view>

class Reactor;

/** Where and how a client opens its WebSocket. */
struct WsTarget
{
    uint32_t address = 0; // IPv4, host order
    uint16_t port = 0;
    std::string path; // e.g. /ws/visitor?site=KEY
    std::string origin; // sent as Origin when not empty
};

/**
 * @brief A minimal WebSocket client (RFC 6455) on a non-blocking socket.
 *
 * Only what the benchmark needs: the upgrade with subprotocol chat.v1, masked text frames out,
 * text (also fragmented), ping and close frames in. Frames are appended to one buffer and
 * written once per reactor wakeup. Source addresses are chosen by the caller so that tens of
 * thousands of sockets to one server port do not run out of ephemeral ports.
 */
class WsClient
{
public:
    enum class State { Idle, Connecting, Handshaking, Open, Closed };

    struct Handler
    {
        virtual ~Handler() = default;
        virtual void onOpen(WsClient &client) = 0;
        virtual void onText(WsClient &client, std::string_view text) = 0;
        /** The connection failed or closed; why is a short reason (e.g. "http 429"). */
        virtual void onClosed(WsClient &client, std::string_view why) = 0;
    };

    WsClient() = default;
    ~WsClient();
    WsClient(const WsClient &) = delete;
    WsClient &operator=(const WsClient &) = delete;

    /** Starts connecting from sourceAddress (host order; 0 = any). False if it failed at once. */
    bool open(Reactor &reactor, const WsTarget &target, uint32_t sourceAddress, Handler *handler);
    void sendText(std::string_view payload);
    /** Closes at once with a reset, so neither side keeps the port in TIME_WAIT. */
    void abort();
    State state() const { return m_state; }

    // Called by the reactor.
    void onEvents(uint32_t events);
    void flush();

private:
    void fail(std::string_view why);
    void readAvailable();
    bool parseHandshake();
    void parseFrames();
    void appendFrame(uint8_t opcode, std::string_view payload);

    Reactor *m_reactor = nullptr;
    Handler *m_handler = nullptr;
    int m_fd = -1;
    State m_state = State::Idle;
    bool m_dirty = false;
    bool m_wantWrite = false;
    std::string m_out;
    size_t m_outSent = 0;
    std::string m_in;
    size_t m_inRead = 0;
    std::string m_fragments;
    uint32_t m_maskSeed = 0x9e3779b9u;
};
