#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>
#include <functional>

class ConversationListModel;
class ConversationStoreModel;
class CurrentConversation;
class MessageHistories;
class SearchModel;
class TypingSender;
class VisitorDetails;

/// @brief Which conversation is on screen: opens one (from a list, a search hit, a
/// notification), steps through my chats, and scrolls to a search hit once its page is loaded.
///
/// Also decides which histories are worth holding: my chats' and the one on screen; the
/// others are released and fetched again when next opened.
class ConversationNavigator : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AgentDesk owns the conversation navigator")

public:
    /// @p windowActive tells whether the agent is looking at the window: a conversation opened
    /// then counts as read.
    ConversationNavigator(ConversationStoreModel *store, ConversationListModel *myChats,
        MessageHistories *histories, CurrentConversation *current, VisitorDetails *visitor,
        SearchModel *search, TypingSender *typing, std::function<bool()> windowActive,
        QObject *parent = nullptr);

    /// Shows @p conversationId, which need not be known yet (it is then taken as closed).
    Q_INVOKABLE void open(const QString &conversationId);
    /// Opens the next (+1) or previous (-1) of my conversations.
    Q_INVOKABLE void openNeighbour(int step);
    /// Opens the conversation of the search result in @p row, scrolled to the message found.
    Q_INVOKABLE void openSearchResult(int row);

    /// Lets go of the history of @p conversationId unless it is mine or on screen.
    void dropUnusedMessages(const QString &conversationId);

private:
    void followFocusSeq();

    ConversationStoreModel *m_store;
    ConversationListModel *m_myChats;
    MessageHistories *m_histories;
    CurrentConversation *m_current;
    VisitorDetails *m_visitor;
    SearchModel *m_search;
    TypingSender *m_typing;
    std::function<bool()> m_windowActive;
    qint64 m_focusSeq = 0; // the search hit to scroll to, once its page is loaded
};
