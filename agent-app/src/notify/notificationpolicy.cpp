#include "notificationpolicy.h"

NotificationPolicy::Decision NotificationPolicy::decide(Trigger trigger, const Situation &situation)
{
    Decision decision;
    const bool lookingAtIt = situation.windowActive && situation.viewingConversation;
    if (trigger == Trigger::VisitorMessage)
        decision.countUnread = !lookingAtIt;

    if (situation.presence == Presence::Offline)
        return decision;
    const bool teamWide = trigger == Trigger::ChatQueued || trigger == Trigger::OfflineMessage;
    if (teamWide && situation.presence != Presence::Online)
        return decision;
    if (situation.windowActive)
        return decision; // the list and badges in front of the agent say it
    decision.desktopNotification = true;
    decision.sound = !situation.muted;
    decision.showText = situation.showMessageText && !situation.screenLocked;
    return decision;
}
