#pragma once

#include <QObject>

class QSocketNotifier;

/// @brief Turns SIGINT and SIGTERM into a Qt signal, delivered on the event loop, so the server
/// stops accepting, lets the store commit what is queued, and exits cleanly.
class ShutdownSignal : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownSignal(QObject *parent = nullptr);

signals:
    void requested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
