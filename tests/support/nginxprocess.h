#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

/// @brief A real nginx on a free loopback port in front of chat-server nodes, configured as
/// docs/operations.md recommends for a cluster: HTTP and WebSocket proxied, no sticky sessions
/// (round robin), a node that refuses connections skipped.
///
/// Its configuration, logs and temporary files live in a temporary folder.
class NginxProcess
{
public:
    NginxProcess() = default;
    ~NginxProcess();
    NginxProcess(const NginxProcess &) = delete;
    NginxProcess &operator=(const NginxProcess &) = delete;

    /// The nginx program, empty when it is not installed.
    static QString program();
    /// Starts nginx proxying to chat-server nodes on 127.0.0.1:@p nodePorts; true once it
    /// accepts connections.
    bool start(const QList<quint16> &nodePorts);
    void stop();
    quint16 port() const { return m_port; }
    /// Its error log, for failure messages.
    QString errors() const;

private:
    QProcess m_process;
    QTemporaryDir m_folder;
    quint16 m_port = 0;
};
