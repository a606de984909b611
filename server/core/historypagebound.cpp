#include "historypagebound.h"

#include <QJsonDocument>

bool boundHistoryPage(QList<MessageView> &messages, bool keepOldest, qint64 maxBytes)
{
    if (maxBytes <= 0)
        return false;
    qint64 total = 0;
    qsizetype kept = 0;
    for (; kept < messages.size(); ++kept) {
        const MessageView &m = messages.at(keepOldest ? kept : messages.size() - 1 - kept);
        // The size it will have in the reply, plus a comma.
        total += QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact).size() + 1;
        if (total > maxBytes && kept > 0)
            break;
    }
    if (kept == messages.size())
        return false;
    if (keepOldest)
        messages.resize(kept);
    else
        messages.remove(0, messages.size() - kept);
    return true;
}
