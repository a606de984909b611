#pragma once

#include <protocol/views.h>

#include <QList>

/// Trims a history page (ascending seq) so its messages stay under @p maxBytes of JSON, always
/// keeping at least one. @p keepOldest: a catch-up page (afterSeq) keeps its oldest messages;
/// otherwise the newest are kept, as a page of older history ends at the newest. Returns true
/// if messages were left out: the reply then says hasMore and the client pages on.
bool boundHistoryPage(QList<MessageView> &messages, bool keepOldest, qint64 maxBytes);
