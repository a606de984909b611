#pragma once

#include "wsclient.h"

#include <array>
#include <cstdint>
#include <string>

class Worker;

/** What one simulated client does once it is set up. */
struct ClientPlan
{
    enum Role { Visitor, Agent };
    enum Load { Idle, ClosedLoopSender, RateSender, HistoryReader };
    Role role = Visitor;
    Load load = Idle;
    bool startConversation = false;
    bool waitForAgent = false; // ready only once its conversation is assigned
    int preload = 0; // messages sent and acknowledged before it is ready (history readers)
    std::string visitorToken; // a returning visitor's hello
    std::string agentEmail;
    std::string agentToken; // auth.resume when set, else auth.login with agentEmail
    bool goOnline = true; // agents: presence.set online after signing in
};

/**
 * @brief One visitor or agent speaking chat.v1 over a WsClient.
 *
 * Setup: visitors send hello and (if planned) conversation.start; agents sign in and go
 * online. Then the worker drives its load. Latencies are taken from the frames themselves:
 * an ack's rid names the slot holding its send time, and every clientId carries the send time,
 * so an agent receiving the message can time the delivery without a shared table.
 */
class ChatClient : public WsClient::Handler
{
public:
    enum class Phase { Waiting, SettingUp, Ready, Failed };

    ChatClient(Worker &worker, int index, ClientPlan plan);

    void open();
    void sendMessage();
    void fetchHistory();
    void abort() { m_ws.abort(); }

    Phase phase() const { return m_phase; }
    const ClientPlan &plan() const { return m_plan; }
    int inFlight() const { return m_inFlight; }
    const std::string &visitorToken() const { return m_plan.visitorToken; }
    const std::string &sessionToken() const { return m_sessionToken; }
    int64_t readyAtNs() const { return m_readyAt; }

    void onOpen(WsClient &client) override;
    void onText(WsClient &client, std::string_view text) override;
    void onClosed(WsClient &client, std::string_view why) override;

private:
    void becomeReady();
    void onConversation(std::string_view frame);

    Worker &m_worker;
    int m_index;
    ClientPlan m_plan;
    WsClient m_ws;
    Phase m_phase = Phase::Waiting;
    std::string m_conversationId;
    std::string m_sessionToken;
    uint64_t m_nextRid = 0;
    int m_inFlight = 0;
    int m_preloadAcked = 0;
    int64_t m_readyAt = 0;
    int64_t m_historySentAt = 0;
    std::array<int64_t, 1024> m_sentAt {};
};
