#pragma once

#include <QString>
#include <QStringView>
#include <array>
#include <optional>
#include <utility>

// The closed vocabularies of chat.v1 (docs/protocol.md, "Shared objects"), as enums. Code
// compares values, never strings; the wire names below are the only place they are spelt, and
// they are used only where JSON or SQL is read or written.

/// @brief Where a conversation is in its life.
enum class ConversationStatus { Queued, Assigned, Closed };
/// @brief Who wrote a message (or is typing): the server writes system lines.
enum class AuthorRole { Visitor, Agent, System };
/// @brief An agent's presence as the team sees it.
enum class Presence { Online, Away, Offline };
/// @brief What an agent account may do: admins also see metrics and act on any conversation.
enum class AgentRole { Agent, Admin };
/// @brief A visitor's rating of a conversation (None: not rated).
enum class Rating { None, Good, Bad };
/// @brief An offline message in the agents' inbox (None: not an offline message).
enum class OfflineState { None, New, Claimed, Done };

namespace Vocabulary {
template <class E> struct Names;
template <> struct Names<ConversationStatus>
{
    static constexpr std::array values { std::pair { ConversationStatus::Queued, "queued" },
        std::pair { ConversationStatus::Assigned, "assigned" },
        std::pair { ConversationStatus::Closed, "closed" } };
};
template <> struct Names<AuthorRole>
{
    static constexpr std::array values { std::pair { AuthorRole::Visitor, "visitor" },
        std::pair { AuthorRole::Agent, "agent" }, std::pair { AuthorRole::System, "system" } };
};
template <> struct Names<Presence>
{
    static constexpr std::array values { std::pair { Presence::Online, "online" },
        std::pair { Presence::Away, "away" }, std::pair { Presence::Offline, "offline" } };
};
template <> struct Names<AgentRole>
{
    static constexpr std::array values { std::pair { AgentRole::Agent, "agent" },
        std::pair { AgentRole::Admin, "admin" } };
};
template <> struct Names<Rating>
{
    static constexpr std::array values { std::pair { Rating::None, "" },
        std::pair { Rating::Good, "good" }, std::pair { Rating::Bad, "bad" } };
};
template <> struct Names<OfflineState>
{
    static constexpr std::array values { std::pair { OfflineState::None, "" },
        std::pair { OfflineState::New, "new" }, std::pair { OfflineState::Claimed, "claimed" },
        std::pair { OfflineState::Done, "done" } };
};
} // namespace Vocabulary

/// The wire (and database) name of @p value, e.g. "queued".
template <class E> QString wireName(E value)
{
    for (const auto &[v, name] : Vocabulary::Names<E>::values) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

/// The value a wire name stands for; nothing for a name this version does not know.
template <class E> std::optional<E> fromWireName(QStringView name)
{
    for (const auto &[v, text] : Vocabulary::Names<E>::values) {
        if (name == QLatin1String(text))
            return v;
    }
    return std::nullopt;
}

/// As fromWireName(), with @p fallback for an unknown name (what a client does with a value a
/// newer server sends).
template <class E> E fromWireName(QStringView name, E fallback)
{
    return fromWireName<E>(name).value_or(fallback);
}
