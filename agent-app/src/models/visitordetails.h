#pragma once

#include <protocol/views.h>

#include <QObject>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class AgentConnection;

/// @brief What the agent knows about the visitor of the open conversation: contact, where they
/// are and have been on the site, browser, language, their local time, and their earlier
/// conversations (visitor.conversations).
class VisitorDetails : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the visitor details")
    Q_PROPERTY(bool hasVisitor READ hasVisitor NOTIFY changed)
    Q_PROPERTY(QString visitorId READ visitorId NOTIFY changed)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString email READ email NOTIFY changed)
    Q_PROPERTY(QString initials READ initials NOTIFY changed)
    Q_PROPERTY(QString pageTitle READ pageTitle NOTIFY changed)
    Q_PROPERTY(QString pageUrl READ pageUrl NOTIFY changed)
    Q_PROPERTY(QVariantList pages READ pages NOTIFY changed)
    Q_PROPERTY(QString browser READ browser NOTIFY changed)
    Q_PROPERTY(QString language READ language NOTIFY changed)
    Q_PROPERTY(QString timeZone READ timeZone NOTIFY changed)
    Q_PROPERTY(QString localTime READ localTime NOTIFY localTimeChanged)
    Q_PROPERTY(QVariantList earlierConversations READ earlierConversations NOTIFY earlierChanged)
    Q_PROPERTY(bool earlierLoading READ earlierLoading NOTIFY earlierChanged)
    Q_PROPERTY(QString earlierError READ earlierError NOTIFY earlierChanged)

public:
    explicit VisitorDetails(AgentConnection *connection, QObject *parent = nullptr);

    /// Shows @p conversation's visitor; asks for their earlier conversations when the visitor
    /// changes.
    void setConversation(const ConversationView &conversation);
    void clear();

    bool hasVisitor() const { return !m_conversation.visitor.id.isEmpty(); }
    QString visitorId() const { return m_conversation.visitor.id; }
    QString name() const;
    QString email() const { return m_conversation.visitor.email; }
    QString initials() const;
    QString pageTitle() const;
    QString pageUrl() const { return m_conversation.visitor.page.url; }
    /// Newest first: {title, url, time}.
    QVariantList pages() const;
    QString browser() const;
    /// "English (United Kingdom)" for "en-GB".
    QString language() const;
    QString timeZone() const { return m_conversation.visitor.timeZone; }
    /// "16:05 · 2 h ahead of you", or empty without a known time zone.
    QString localTime() const;
    /// Newest first, without the open one: {conversationId, status, when, agentName, lastSeq}.
    QVariantList earlierConversations() const { return m_earlier; }
    QList<ConversationView> earlierConversationViews() const { return m_earlierViews; }
    bool earlierLoading() const { return m_earlierLoading; }
    QString earlierError() const { return m_earlierError; }

    /// Asks the server again for the visitor's earlier conversations.
    Q_INVOKABLE void refreshEarlier();

signals:
    void changed();
    void localTimeChanged();
    void earlierChanged();

private:
    AgentConnection *m_connection;
    ConversationView m_conversation;
    QVariantList m_earlier;
    QList<ConversationView> m_earlierViews;
    bool m_earlierLoading = false;
    QString m_earlierError;
    QTimer m_clock;
    quint64 m_generation = 0;
};
