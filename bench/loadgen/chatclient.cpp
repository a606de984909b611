#include "chatclient.h"

#include "jsonscan.h"
#include "worker.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
std::string quoted(std::string_view s)
{
    // Only ids, tokens and the fixed ASCII body are sent: none of them needs escaping.
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out += s;
    out += '"';
    return out;
}

/** The send time a clientId "lg<ns>-<n>" carries; -1 for other messages. */
int64_t sentAtOf(std::string_view clientId)
{
    if (clientId.size() < 3 || clientId[0] != 'l' || clientId[1] != 'g')
        return -1;
    const size_t dash = clientId.find('-');
    return JsonScan::toInt(clientId.substr(2, dash == std::string_view::npos ? dash : dash - 2));
}
} // namespace

ChatClient::ChatClient(Worker &worker, int index, ClientPlan plan)
    : m_worker(worker)
    , m_index(index)
    , m_plan(std::move(plan))
{ }

void ChatClient::open()
{
    m_phase = Phase::SettingUp;
    const WsTarget &target
        = m_plan.role == ClientPlan::Agent ? m_worker.agentTarget : m_worker.visitorTarget;
    m_ws.open(m_worker.reactor, target, m_worker.sourceAddressFor(m_index), this);
}

void ChatClient::onOpen(WsClient &client)
{
    if (m_plan.role == ClientPlan::Agent) {
        if (!m_plan.agentToken.empty())
            client.sendText(R"({"type":"auth.resume","rid":"a","sessionToken":)"
                + quoted(m_plan.agentToken) + "}");
        else
            client.sendText(R"({"type":"auth.login","rid":"a","email":)" + quoted(m_plan.agentEmail)
                + R"(,"password":)" + quoted(m_worker.config.agentPassword) + "}");
        return;
    }
    std::string hello = R"({"type":"hello","rid":"h","siteKey":)" + quoted(m_worker.config.siteKey);
    if (!m_plan.visitorToken.empty())
        hello += R"(,"visitorToken":)" + quoted(m_plan.visitorToken);
    client.sendText(hello + "}");
}

void ChatClient::sendMessage()
{
    if (m_conversationId.empty() || m_ws.state() != WsClient::State::Open)
        return;
    const uint64_t rid = m_nextRid++;
    const int64_t now = nowNs();
    m_sentAt[rid & (m_sentAt.size() - 1)] = now;
    ++m_inFlight;
    std::string frame;
    frame.reserve(300);
    frame += R"({"type":"message.send","rid":")";
    frame += std::to_string(rid);
    frame += R"(","conversationId":")";
    frame += m_conversationId;
    frame += R"(","clientId":"lg)";
    frame += std::to_string(now);
    frame += '-';
    frame += std::to_string(rid);
    frame += R"(","body":")";
    frame += m_worker.body;
    frame += "\"}";
    m_ws.sendText(frame);
    m_worker.countSent();
}

void ChatClient::fetchHistory()
{
    if (m_conversationId.empty())
        return;
    m_historySentAt = nowNs();
    m_ws.sendText(R"({"type":"history.fetch","rid":"hf","conversationId":)"
        + quoted(m_conversationId) + R"(,"limit":50})");
}

void ChatClient::onText(WsClient &client, std::string_view text)
{
    const TopLevelFields f = JsonScan::read(text);
    const int64_t now = nowNs();
    if (f.type == "message.ack") {
        const int64_t rid = JsonScan::toInt(f.rid);
        if (rid < 0)
            return;
        --m_inFlight;
        m_worker.onAck(*this, m_sentAt[size_t(rid) & (m_sentAt.size() - 1)], now);
        if (m_phase == Phase::SettingUp) {
            if (++m_preloadAcked >= m_plan.preload)
                becomeReady();
            else
                sendMessage();
        }
        return;
    }
    if (f.type == "message") {
        if (m_plan.role != ClientPlan::Agent)
            return;
        const int64_t sentAt = sentAtOf(f.clientId);
        if (sentAt < 0)
            return;
        m_worker.delivered.fetch_add(1, std::memory_order_relaxed);
        if (m_worker.control.inWindow(sentAt)) {
            ++m_worker.deliveredInWindow;
            m_worker.deliveryLatency.add(now - sentAt);
        }
        return;
    }
    if (f.type == "history") {
        m_worker.historyPages.fetch_add(1, std::memory_order_relaxed);
        if (m_worker.control.inWindow(now)) {
            ++m_worker.historyInWindow;
            m_worker.historyLatency.add(now - m_historySentAt);
        }
        if (m_worker.control.mode.load(std::memory_order_relaxed) == Control::ClosedLoop)
            fetchHistory();
        return;
    }
    if (f.type == "welcome") {
        m_plan.visitorToken = std::string(f.visitorToken);
        if (m_plan.startConversation)
            client.sendText(R"({"type":"conversation.start","rid":"s"})");
        else
            becomeReady();
        return;
    }
    if (f.type == "conversation.started" || f.type == "conversation.updated") {
        onConversation(text);
        return;
    }
    if (f.type == "auth.ok") {
        m_sessionToken = std::string(f.sessionToken);
        if (m_plan.goOnline)
            client.sendText(R"({"type":"presence.set","rid":"p","status":"online"})");
        else
            becomeReady();
        return;
    }
    if (f.type == "presence" && f.rid == "p") {
        becomeReady();
        return;
    }
    if (f.type == "error") {
        m_worker.onError(f.code);
        if (m_phase == Phase::SettingUp) {
            m_phase = Phase::Failed;
            m_worker.onSetupDone(*this, false);
            client.abort();
            return;
        }
        const int64_t rid = JsonScan::toInt(f.rid);
        if (rid >= 0) // a refused message.send: keep the depth
            --m_inFlight;
        if (rid >= 0 && m_plan.load == ClientPlan::ClosedLoopSender
            && m_worker.control.mode.load(std::memory_order_relaxed) == Control::ClosedLoop)
            sendMessage();
    }
}

void ChatClient::onConversation(std::string_view frame)
{
    if (m_phase != Phase::SettingUp)
        return;
    const QJsonObject conversation
        = QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), qsizetype(frame.size())))
              .object()
              .value(QLatin1String("conversation"))
              .toObject();
    if (m_conversationId.empty())
        m_conversationId = conversation.value(QLatin1String("id")).toString().toStdString();
    const bool assigned = conversation.value(QLatin1String("status")).toString() == u"assigned";
    if (m_plan.waitForAgent && !assigned)
        return;
    if (m_plan.preload > 0) {
        if (m_nextRid == 0) // conversation.updated may follow conversation.started
            sendMessage();
    } else
        becomeReady();
}

void ChatClient::becomeReady()
{
    if (m_phase != Phase::SettingUp)
        return;
    m_phase = Phase::Ready;
    m_readyAt = nowNs();
    m_worker.onSetupDone(*this, true);
}

void ChatClient::onClosed(WsClient &, std::string_view why)
{
    const bool wasReady = m_phase == Phase::Ready;
    if (m_phase == Phase::SettingUp) {
        m_phase = Phase::Failed;
        m_worker.onSetupDone(*this, false);
    }
    m_worker.onFailure(why, wasReady);
}
