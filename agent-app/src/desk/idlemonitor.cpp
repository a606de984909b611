#include "idlemonitor.h"

#include <QCoreApplication>
#include <QEvent>

IdleMonitor::IdleMonitor(QObject *parent)
    : QObject(parent)
{
    m_sinceInput.start();
    m_check.setSingleShot(true);
    connect(&m_check, &QTimer::timeout, this, &IdleMonitor::check);
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
}

IdleMonitor::~IdleMonitor()
{
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeEventFilter(this);
}

void IdleMonitor::setTimeout(int ms)
{
    m_timeoutMs = std::max(0, ms);
    m_check.stop();
    if (m_timeoutMs > 0)
        check();
}

void IdleMonitor::registerActivity()
{
    m_sinceInput.restart();
    if (m_idle) {
        m_idle = false;
        emit activityResumed();
    }
    if (m_timeoutMs > 0 && !m_check.isActive())
        m_check.start(m_timeoutMs);
}

void IdleMonitor::check()
{
    if (m_timeoutMs <= 0 || m_idle)
        return;
    const qint64 quiet = m_sinceInput.elapsed();
    if (quiet >= m_timeoutMs) {
        m_idle = true;
        emit becameIdle();
        return;
    }
    m_check.start(int(m_timeoutMs - quiet));
}

bool IdleMonitor::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        registerActivity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}
