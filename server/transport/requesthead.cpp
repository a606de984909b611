#include "requesthead.h"

#include <QList>
#include <QUrlQuery>

std::optional<RequestHead> RequestHead::parse(const QByteArray &bytes)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    const QList<QByteArray> lines = bytes.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3)
        return RequestHead {};
    RequestHead head;
    head.byteCount = end + 4;
    head.method = requestLine[0];
    head.version = requestLine[2];
    const QByteArray target = requestLine[1];
    const qsizetype query = target.indexOf('?');
    head.path = query < 0 ? target : target.left(query);
    head.query = query < 0 ? QByteArray() : target.mid(query + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        // A repeated field is one list (RFC 9110, 5.3): two different Content-Lengths become a
        // length that is not a number and are refused, rather than the last one winning.
        if (const auto existing = head.headers.find(name); existing != head.headers.end())
            *existing += ", " + value;
        else
            head.headers.insert(name, value);
    }
    return head;
}

bool RequestHead::isWebSocketUpgrade() const
{
    return headers.value("upgrade").toLower() == "websocket";
}

bool RequestHead::offersSubprotocol(const QByteArray &protocol) const
{
    for (const QByteArray &offered : headers.value("sec-websocket-protocol").split(','))
        if (offered.trimmed() == protocol)
            return true;
    return false;
}

QString RequestHead::queryValue(const QString &name) const
{
    return QUrlQuery(QString::fromUtf8(query)).queryItemValue(name, QUrl::FullyDecoded);
}
