// The naive Qt peer of the server benchmark: one thread, QWebSocketServer, QJsonDocument per
// frame, nothing stored. It answers only what the load generator's scenarios A, D and E send
// (hello, conversation.start, message.send), with the frame shapes chat-server uses.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QWebSocket>
#include <QWebSocketServer>

namespace {
QString send(QWebSocket *socket, const QJsonObject &frame)
{
    const QString text = QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact));
    socket->sendTextMessage(text);
    return text;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("port"), QStringLiteral("Port (default 0: any)."),
        QStringLiteral("port"), QStringLiteral("0") });
    parser.process(app);

    QWebSocketServer server(QStringLiteral("qt-echo"), QWebSocketServer::NonSecureMode);
    server.setSupportedSubprotocols({ QStringLiteral("chat.v1") });
    server.setMaxPendingConnections(100000);
    if (!server.listen(QHostAddress::LocalHost, parser.value(QStringLiteral("port")).toUShort())) {
        QTextStream(stderr) << "cannot listen: " << server.errorString() << Qt::endl;
        return 1;
    }
    qint64 nextId = 0;
    QHash<QString, qint64> lastSeq; // per conversation
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(
                socket, &QWebSocket::textMessageReceived, socket, [&, socket](const QString &text) {
                    const QJsonObject in = QJsonDocument::fromJson(text.toUtf8()).object();
                    const QString type = in.value(u"type").toString();
                    QJsonObject out;
                    if (in.contains(u"rid"))
                        out[u"rid"] = in.value(u"rid");
                    if (type == u"hello") {
                        const QString id = QString::number(++nextId);
                        out[u"type"] = u"welcome"_qs;
                        out[u"visitorId"] = u"v"_qs + id;
                        out[u"visitorToken"] = u"t"_qs + id;
                        out[u"site"]
                            = QJsonObject { { u"id"_qs, u"s1"_qs }, { u"name"_qs, u"bench"_qs } };
                        out[u"conversations"] = QJsonArray();
                    } else if (type == u"conversation.start") {
                        const QString id = u"c"_qs + QString::number(++nextId);
                        const qint64 now = QDateTime::currentMSecsSinceEpoch();
                        out[u"type"] = u"conversation.started"_qs;
                        out[u"conversation"]
                            = QJsonObject { { u"id"_qs, id }, { u"status"_qs, u"queued"_qs },
                                  { u"createdAt"_qs, now }, { u"queuedAt"_qs, now },
                                  { u"lastSeq"_qs, 0 }, { u"queuePosition"_qs, 1 } };
                    } else if (type == u"message.send") {
                        const QString conversation = in.value(u"conversationId").toString();
                        out[u"type"] = u"message.ack"_qs;
                        out[u"conversationId"] = conversation;
                        out[u"clientId"] = in.value(u"clientId");
                        out[u"seq"] = ++lastSeq[conversation];
                        out[u"at"] = QDateTime::currentMSecsSinceEpoch();
                        out[u"duplicate"] = false;
                    } else {
                        out[u"type"] = u"error"_qs;
                        out[u"code"] = u"unknown_type"_qs;
                        out[u"message"] = u"not part of the benchmark"_qs;
                    }
                    send(socket, out);
                });
        }
    });
    QTextStream(stdout) << "listening on http://127.0.0.1:" << server.serverPort() << Qt::endl;
    return app.exec();
}
