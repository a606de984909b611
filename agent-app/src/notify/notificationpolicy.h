#pragma once

#include <protocol/vocabulary.h>

/// @brief Decides how loudly to tell the agent about something: unread badge, desktop
/// notification, sound. Pure logic, so the rules are unit-tested.
///
/// Rules: nothing interrupts an agent who is looking at the conversation in question. With the
/// window in front, a badge is enough. With the window in the background, a desktop
/// notification, plus a sound unless muted. Offline agents are never interrupted; new chats in
/// the queue and new offline messages interrupt only agents who are online (away agents still
/// hear about their own chats). What was written (a visitor's message, a colleague's transfer
/// note) is shown only if the agent asked for it and the screen is not locked: a notification
/// is read by whoever stands at the desk.
namespace NotificationPolicy {

enum class Trigger {
    VisitorMessage, ///< a visitor wrote in one of my conversations
    ChatAssigned, ///< a conversation was assigned to me (routing or accept elsewhere)
    ChatTransferred, ///< a colleague transferred a conversation to me
    ChatQueued, ///< a new visitor is waiting in the queue
    OfflineMessage, ///< a visitor left a message in the offline inbox
};

struct Situation
{
    bool windowActive = false; ///< the app's window has focus
    bool viewingConversation = false; ///< the conversation concerned is the one open
    bool muted = false;
    Presence presence = Presence::Online;
    bool showMessageText = false; ///< the agent's setting; off: who and what, never the words
    bool screenLocked = false; ///< the session's screen saver or lock screen is up
};

struct Decision
{
    bool countUnread = false;
    bool desktopNotification = false;
    bool sound = false;
    bool showText = false; ///< the notification may carry what was written

    bool operator==(const Decision &) const = default;
};

Decision decide(Trigger trigger, const Situation &situation);

} // namespace NotificationPolicy
