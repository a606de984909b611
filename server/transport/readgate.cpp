#include "readgate.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcReadGate, "chat.readgate")

ReadGate::ReadGate(QObject *parent)
    : QObject(parent)
{
    connect(&m_poll, &QTimer::timeout, this, &ReadGate::checkBacklog);
}

void ReadGate::watch(std::function<int()> backlog, int closeAt, int openAt, int pollMs)
{
    m_backlog = std::move(backlog);
    m_closeAt = closeAt;
    m_openAt = openAt;
    m_poll.setInterval(pollMs);
}

bool ReadGate::isOpen()
{
    if (m_shut)
        return false;
    if (m_open && m_backlog && m_backlog() >= m_closeAt) {
        qCInfo(lcReadGate) << "writer behind by" << m_closeAt
                           << "jobs: connections pause between messages";
        setOpen(false);
        m_poll.start();
    }
    return m_open;
}

void ReadGate::shut()
{
    m_poll.stop();
    setOpen(false);
    m_shut = true;
}

void ReadGate::checkBacklog()
{
    if (m_shut)
        return m_poll.stop();
    if (m_backlog && m_backlog() > m_openAt)
        return;
    m_poll.stop();
    setOpen(true);
}

void ReadGate::setOpen(bool open)
{
    if (open == m_open || m_shut)
        return;
    m_open = open;
    if (open)
        emit opened();
    else
        ++m_closings;
}
