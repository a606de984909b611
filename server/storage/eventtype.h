#pragma once

#include <protocol/vocabulary.h>

/// @brief What an entry of the append-only event log records (docs/metrics.md, "Events").
/// The log is read back to rebuild the metrics facts, so a name once written is never renamed.
enum class EventType {
    Created,
    Queued,
    Assigned,
    Transferred,
    Requeued,
    Message,
    Closed,
    Rated,
    Reopened,
    VisitorLeft,
    Presence,
    OfflineClaimed,
    OfflineDone,
};

namespace Vocabulary {
template <> struct Names<EventType>
{
    static constexpr std::array values { std::pair { EventType::Created, "created" },
        std::pair { EventType::Queued, "queued" }, std::pair { EventType::Assigned, "assigned" },
        std::pair { EventType::Transferred, "transferred" },
        std::pair { EventType::Requeued, "requeued" }, std::pair { EventType::Message, "message" },
        std::pair { EventType::Closed, "closed" }, std::pair { EventType::Rated, "rated" },
        std::pair { EventType::Reopened, "reopened" },
        std::pair { EventType::VisitorLeft, "visitor_left" },
        std::pair { EventType::Presence, "presence" },
        std::pair { EventType::OfflineClaimed, "offline_claimed" },
        std::pair { EventType::OfflineDone, "offline_done" } };
};
} // namespace Vocabulary

/// The event logged when an offline message moves to @p state (claimed or done).
inline EventType offlineEventType(OfflineState state)
{
    return state == OfflineState::Done ? EventType::OfflineDone : EventType::OfflineClaimed;
}
