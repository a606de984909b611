#include "visitordetails.h"

#include "teammodel.h"
#include "timeformat.h"
#include "useragentsummary.h"

#include <agentconnection.h>

#include <protocol/clientmessages.h>

#include <QLocale>
#include <QPointer>
#include <QTimeZone>

VisitorDetails::VisitorDetails(AgentConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_clock.setInterval(30'000);
    connect(&m_clock, &QTimer::timeout, this, &VisitorDetails::localTimeChanged);
}

void VisitorDetails::setConversation(const ConversationView &conversation)
{
    const bool newVisitor = conversation.visitor.id != m_conversation.visitor.id;
    const bool newConversation = conversation.id != m_conversation.id;
    m_conversation = conversation;
    if (hasVisitor())
        m_clock.start();
    emit changed();
    emit localTimeChanged();
    if (newVisitor) {
        m_earlier.clear();
        m_earlierViews.clear();
        m_earlierError.clear();
        emit earlierChanged();
    }
    if (newVisitor || newConversation)
        refreshEarlier();
}

void VisitorDetails::clear()
{
    m_conversation = {};
    m_clock.stop();
    m_earlier.clear();
    m_earlierViews.clear();
    m_earlierError.clear();
    m_earlierLoading = false;
    ++m_generation;
    emit changed();
    emit localTimeChanged();
    emit earlierChanged();
}

QString VisitorDetails::name() const
{
    return m_conversation.visitor.name.isEmpty() ? tr("Visitor") : m_conversation.visitor.name;
}

QString VisitorDetails::initials() const
{
    return m_conversation.visitor.name.isEmpty()
        ? QStringLiteral("?")
        : TeamModel::initialsOf(m_conversation.visitor.name);
}

QString VisitorDetails::pageTitle() const
{
    const PageInfo &page = m_conversation.visitor.page;
    return page.title.isEmpty() ? page.url : page.title;
}

QVariantList VisitorDetails::pages() const
{
    QVariantList list;
    const QList<PageVisit> &visits = m_conversation.visitor.pages;
    for (auto it = visits.crbegin(); it != visits.crend(); ++it) {
        list.append(
            QVariantMap { { QStringLiteral("title"), it->title.isEmpty() ? it->url : it->title },
                { QStringLiteral("url"), it->url },
                { QStringLiteral("time"), TimeFormat::shortStamp(it->at) } });
    }
    return list;
}

QString VisitorDetails::browser() const
{
    return UserAgentSummary::describe(m_conversation.visitor.userAgent);
}

QString VisitorDetails::language() const
{
    const QString tag = m_conversation.visitor.language;
    if (tag.isEmpty())
        return {};
    const QLocale locale(tag);
    if (locale.language() == QLocale::C)
        return tag;
    QString name = QLocale::languageToString(locale.language());
    if (tag.contains(u'-') || tag.contains(u'_'))
        name += QStringLiteral(" (%1)").arg(QLocale::territoryToString(locale.territory()));
    return name;
}

QString VisitorDetails::localTime() const
{
    const QString zoneName = m_conversation.visitor.timeZone;
    if (zoneName.isEmpty())
        return {};
    const QTimeZone zone(zoneName.toUtf8());
    if (!zone.isValid())
        return zoneName;
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime there = now.toTimeZone(zone);
    const QString clock = QLocale().toString(there.time(), TimeFormat::clockFormat());
    const int difference = zone.offsetFromUtc(now) - now.offsetFromUtc();
    if (difference == 0)
        return tr("%1 · same time as you").arg(clock);
    const int minutes = std::abs(difference) / 60;
    const QString amount = minutes % 60 == 0
        ? tr("%1 h").arg(minutes / 60)
        : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    return difference > 0 ? tr("%1 · %2 ahead of you").arg(clock, amount)
                          : tr("%1 · %2 behind you").arg(clock, amount);
}

void VisitorDetails::refreshEarlier()
{
    if (!hasVisitor())
        return;
    const quint64 generation = ++m_generation;
    const QString currentId = m_conversation.id;
    QPointer<VisitorDetails> self(this);
    const bool sent = m_connection->request(
        encodeClientMessage(VisitorConversations { m_conversation.visitor.id }),
        [self, generation, currentId](const ServerMessage &reply) {
            if (!self || generation != self->m_generation)
                return;
            self->m_earlierLoading = false;
            if (const auto *list = reply.as<VisitorConversationsEvent>()) {
                self->m_earlier.clear();
                self->m_earlierViews.clear();
                self->m_earlierError.clear();
                for (const ConversationView &c : list->conversations) {
                    if (c.id == currentId)
                        continue;
                    self->m_earlierViews.append(c);
                    self->m_earlier.append(QVariantMap { { QStringLiteral("conversationId"), c.id },
                        { QStringLiteral("status"), wireName(c.status) },
                        { QStringLiteral("when"), TimeFormat::dayLabel(c.createdAt) },
                        { QStringLiteral("agentName"), c.agentName },
                        { QStringLiteral("lastSeq"), c.lastSeq } });
                }
            } else if (reply.errorCode() == ErrorCode::UnknownType) {
                self->m_earlierError = tr("Earlier conversations need a newer server.");
            } else if (const auto *error = reply.as<ErrorEvent>()) {
                self->m_earlierError
                    = error->message.isEmpty() ? errorCodeName(error->code) : error->message;
            }
            emit self->earlierChanged();
        });
    m_earlierLoading = sent;
    emit earlierChanged();
}
