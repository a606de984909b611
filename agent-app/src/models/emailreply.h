#pragma once

#include <protocol/views.h>

#include <QList>
#include <QUrl>

/// @brief "Reply by email" to an offline message: the mailto: link that opens the agent's own
/// mail client with the visitor as recipient and the conversation quoted below the greeting.
///
/// Only what the visitor may read is quoted: internal notes and system lines are left out.
namespace EmailReply {
/// Longest quoted transcript: mail clients and the platforms' URL handlers cut longer links.
constexpr int maxQuotedChars = 6000;

/// "Re: " and the start of the visitor's first message ("Re: Your message" without one).
QString subject(const QList<MessageView> &messages);
/// The greeting, then every message the visitor saw, oldest first, each line quoted with "> ".
QString body(const ConversationView &conversation, const QList<MessageView> &messages);
/// mailto:<visitor email>?subject=…&body=… (RFC 6068). An address that is not a plain
/// local@domain (commas, spaces, "?" …) is left out: the agent types the recipient instead of
/// the link smuggling in more of them.
QUrl mailtoUrl(const ConversationView &conversation, const QList<MessageView> &messages);
} // namespace EmailReply
