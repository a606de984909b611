#include <conversationlistmodel.h>
#include <conversationstoremodel.h>
#include <currentconversation.h>
#include <offlineinboxmodel.h>
#include <queuemodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

// The one conversation store and its views: the queue, my chats and the offline inbox show
// each conversation once, in the right place, and tell their views when it moves.
class TestConversationStoreModel : public QObject
{
    Q_OBJECT

    static ConversationView chat(
        const QString &id, ConversationStatus status, qint64 at, const QString &agentId = {})
    {
        ConversationView c;
        c.id = id;
        c.status = status;
        c.createdAt = at;
        c.queuedAt = at;
        c.assignedAt = agentId.isEmpty() ? 0 : at + 1000;
        c.agentId = agentId;
        c.visitor.name = "Visitor " + id;
        return c;
    }

    static ConversationView offlineMessage(const QString &id, qint64 at, OfflineState state)
    {
        ConversationView c = chat(id, ConversationStatus::Closed, at);
        c.offline = true;
        c.offlineState = state;
        return c;
    }

    /// The three views of one store, each checked by QAbstractItemModelTester.
    struct Views
    {
        ConversationStoreModel store;
        QueueModel queue { &store };
        ConversationListModel mine { &store };
        OfflineInboxModel inbox { &store };
        QAbstractItemModelTester queueTester { &queue,
            QAbstractItemModelTester::FailureReportingMode::QtTest };
        QAbstractItemModelTester mineTester { &mine,
            QAbstractItemModelTester::FailureReportingMode::QtTest };
        QAbstractItemModelTester inboxTester { &inbox,
            QAbstractItemModelTester::FailureReportingMode::QtTest };

        Views() { store.setMyAgentId("me"); }
    };

    static QStringList ids(const QAbstractItemModel &model)
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row)
            out.append(model.index(row, 0).data(Qt::UserRole + 1).toString()); // conversationId
        return out;
    }

private slots:
    void aChatMovesFromTheQueueToMyChatsAndLeavesWhenClosed()
    {
        Views v;
        QSignalSpy queueIn(&v.queue, &QAbstractItemModel::rowsInserted);
        QSignalSpy queueOut(&v.queue, &QAbstractItemModel::rowsRemoved);
        QSignalSpy mineIn(&v.mine, &QAbstractItemModel::rowsInserted);
        QSignalSpy mineOut(&v.mine, &QAbstractItemModel::rowsRemoved);
        QSignalSpy mineChanged(&v.mine, &QAbstractItemModel::dataChanged);
        QSignalSpy queueCount(&v.queue, &QueueModel::countChanged);
        QSignalSpy mineCount(&v.mine, &ConversationListModel::countChanged);

        v.store.apply(chat("ada", ConversationStatus::Queued, 1000));
        QCOMPARE(ids(v.queue), QStringList { "ada" });
        QCOMPARE(queueIn.size(), 1);
        QCOMPARE(queueCount.size(), 1);
        QCOMPARE(v.mine.count(), 0);
        QCOMPARE(v.inbox.count(), 0);

        // A second update of the same chat changes its row; it is not listed twice.
        ConversationView moved = chat("ada", ConversationStatus::Queued, 1000);
        moved.visitor.name = "Ada Lovelace";
        v.store.apply(moved);
        QCOMPARE(v.queue.count(), 1);
        QCOMPARE(v.store.count(), 1);
        QCOMPARE(v.queue.data(v.queue.index(0), QueueModel::VisitorNameRole).toString(),
            QStringLiteral("Ada Lovelace"));

        // Accepted by me: out of the queue, into my chats.
        v.store.apply(chat("ada", ConversationStatus::Assigned, 1000, "me"));
        QCOMPARE(v.queue.count(), 0);
        QCOMPARE(queueOut.size(), 1);
        QCOMPARE(ids(v.mine), QStringList { "ada" });
        QCOMPARE(mineIn.size(), 1);
        QCOMPARE(mineCount.size(), 1);
        QCOMPARE(v.store.count(), 1);

        // What the app learns about it reaches the row that shows it.
        mineChanged.clear();
        v.store.addUnread("ada");
        QCOMPARE(mineChanged.size(), 1);
        QCOMPARE(v.mine.data(v.mine.index(0), ConversationListModel::UnreadRole).toInt(), 1);
        QCOMPARE(v.mine.totalUnread(), 1);
        v.store.setSummary("ada", { "Thanks!", AuthorRole::Visitor, false, 5000, 5000 });
        QCOMPARE(v.mine.data(v.mine.index(0), ConversationListModel::LastMessageRole).toString(),
            QStringLiteral("Thanks!"));

        // Closed: in no list, still known (it can be opened and read).
        QSignalSpy unread(&v.mine, &ConversationListModel::totalUnreadChanged);
        v.store.apply(chat("ada", ConversationStatus::Closed, 1000, "me"));
        QCOMPARE(v.mine.count(), 0);
        QCOMPARE(mineOut.size(), 1);
        QCOMPARE(unread.size(), 1);
        QCOMPARE(v.mine.totalUnread(), 0);
        QCOMPARE(v.queue.count(), 0);
        QCOMPARE(v.inbox.count(), 0);
        QCOMPARE(v.store.count(), 1);
        QCOMPARE(v.store.conversation("ada")->status, ConversationStatus::Closed);

        // Reopened to me, it comes back without the old unread count.
        v.store.apply(chat("ada", ConversationStatus::Assigned, 1000, "me"));
        QCOMPARE(v.mine.count(), 1);
        QCOMPARE(v.mine.totalUnread(), 0);
    }

    void aChatOfAColleagueIsInNoneOfMyLists()
    {
        Views v;
        v.store.apply(chat("bob", ConversationStatus::Queued, 1000));
        v.store.apply(chat("bob", ConversationStatus::Assigned, 1000, "alan"));
        QCOMPARE(v.queue.count(), 0);
        QCOMPARE(v.mine.count(), 0);
        v.store.addUnread("bob"); // only my chats count unread messages
        QCOMPARE(v.store.find("bob")->unread, 0);
        // Transferred to me.
        v.store.apply(chat("bob", ConversationStatus::Assigned, 1000, "me"));
        QCOMPARE(ids(v.mine), QStringList { "bob" });
    }

    void theQueueKeepsTheServersOrderAndRequeuedChatsGoFirst()
    {
        Views v;
        v.store.reset({ chat("a", ConversationStatus::Queued, 3000),
            chat("b", ConversationStatus::Queued, 1000),
            chat("mine", ConversationStatus::Assigned, 500, "me") });
        QCOMPARE(ids(v.queue), (QStringList { "a", "b" })); // the snapshot's order, not the time
        QCOMPARE(ids(v.mine), QStringList { "mine" });
        v.store.apply(chat("c", ConversationStatus::Queued, 4000));
        QCOMPARE(ids(v.queue), (QStringList { "a", "b", "c" }));
        ConversationView back = chat("mine", ConversationStatus::Queued, 500);
        back.queuePosition = 1;
        v.store.apply(back);
        QCOMPARE(ids(v.queue), (QStringList { "mine", "a", "b", "c" }));
        QCOMPARE(v.queue.data(v.queue.index(3), QueueModel::PositionRole).toInt(), 4);
        ConversationView second = chat("d", ConversationStatus::Queued, 5000);
        second.queuePosition = 2;
        v.store.apply(second);
        QCOMPARE(ids(v.queue), (QStringList { "mine", "d", "a", "b", "c" }));
        QCOMPARE(v.mine.count(), 0);
        QCOMPARE(v.store.count(), 5);
    }

    void anOfflineMessageLeavesTheInboxWhenDone()
    {
        Views v;
        QSignalSpy inboxIn(&v.inbox, &QAbstractItemModel::rowsInserted);
        QSignalSpy inboxOut(&v.inbox, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inboxChanged(&v.inbox, &QAbstractItemModel::dataChanged);
        v.store.apply(offlineMessage("old", 1000, OfflineState::New));
        v.store.apply(offlineMessage("new", 2000, OfflineState::New));
        QCOMPARE(ids(v.inbox), (QStringList { "new", "old" }));
        QCOMPARE(inboxIn.size(), 2);
        QCOMPARE(v.inbox.newCount(), 2);

        ConversationView claimed = offlineMessage("old", 1000, OfflineState::Claimed);
        claimed.claimedById = "me";
        v.store.apply(claimed);
        QVERIFY(inboxChanged.size() > 0);
        QCOMPARE(v.inbox.newCount(), 1);
        QVERIFY(v.inbox.data(v.inbox.index(1), OfflineInboxModel::ClaimedByMeRole).toBool());

        v.store.apply(offlineMessage("old", 1000, OfflineState::Done));
        QCOMPARE(ids(v.inbox), QStringList { "new" });
        QCOMPARE(inboxOut.size(), 1);
        QCOMPARE(v.queue.count() + v.mine.count(), 0);
    }

    void aSnapshotListsOnlyWhatTheServerSays()
    {
        Views v;
        v.store.apply(chat("gone", ConversationStatus::Queued, 1000));
        v.store.apply(chat("stays", ConversationStatus::Queued, 2000));
        v.store.setFirstMessage("stays", "Hello?");
        QSignalSpy queueOut(&v.queue, &QAbstractItemModel::rowsRemoved);
        // Taken by a colleague while we were away: the snapshot no longer has it.
        v.store.reset({ chat("stays", ConversationStatus::Queued, 2000) });
        QCOMPARE(ids(v.queue), QStringList { "stays" });
        QCOMPARE(queueOut.size(), 1);
        QVERIFY(v.store.contains("gone")); // still known, for lookups
        QCOMPARE(v.queue.data(v.queue.index(0), QueueModel::FirstMessageRole).toString(),
            QStringLiteral("Hello?"));
    }

    void rememberedConversationsAreNeverListed()
    {
        Views v;
        v.store.remember(chat("search-hit", ConversationStatus::Queued, 1000));
        v.store.remember(chat("earlier", ConversationStatus::Assigned, 1000, "me"));
        QCOMPARE(v.store.count(), 2);
        QCOMPARE(v.queue.count() + v.mine.count() + v.inbox.count(), 0);
        // Remembering never overwrites what the server said.
        v.store.apply(chat("known", ConversationStatus::Queued, 1000));
        v.store.remember(chat("known", ConversationStatus::Closed, 1000));
        QCOMPARE(v.store.conversation("known")->status, ConversationStatus::Queued);
        QCOMPARE(v.queue.count(), 1);
        v.store.clear();
        QCOMPARE(v.store.count(), 0);
        QCOMPARE(v.queue.count(), 0);
    }

    void theCurrentConversationReadsTheStore()
    {
        ConversationStoreModel store;
        store.setMyAgentId("me");
        CurrentConversation current(&store);
        store.apply(chat("ada", ConversationStatus::Queued, 1000));
        QSignalSpy changed(&current, &CurrentConversation::changed);
        current.show("ada", nullptr);
        QCOMPARE(changed.size(), 1);
        QVERIFY(current.isQueued());
        store.apply(
            chat("bob", ConversationStatus::Queued, 2000)); // another conversation: no change here
        QCOMPARE(changed.size(), 1);
        store.apply(chat("ada", ConversationStatus::Assigned, 1000, "me"));
        QCOMPARE(changed.size(), 2);
        QVERIFY(current.isMine());
        QVERIFY(current.canSend());
        store.addUnread("ada"); // not the conversation's state
        QCOMPARE(changed.size(), 2);
        current.clear();
        QVERIFY(!current.isOpen());
        QCOMPARE(current.status(), QString());
    }
};

QTEST_MAIN(TestConversationStoreModel)
#include "tst_conversationstoremodel.moc"
