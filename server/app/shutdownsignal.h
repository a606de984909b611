#pragma once

#include <QObject>

class QSocketNotifier;

/// @brief Turns SIGINT and SIGTERM into a Qt signal, delivered on the event loop, so the server
/// drains (ShutdownDrain) and exits cleanly. Each signal that arrives is delivered, a second
/// one during the drain too (the kernel merges only a signal repeated before it was handled).
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
