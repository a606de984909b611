#include "emailreply.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("EmailReply", text);
}

bool isQuotable(const MessageView &m)
{
    return !m.internal && m.authorRole != AuthorRole::System && !m.body.trimmed().isEmpty();
}

QString authorOf(const MessageView &m, const ConversationView &conversation)
{
    if (!m.authorName.isEmpty())
        return m.authorName;
    if (m.authorRole == AuthorRole::Visitor)
        return conversation.visitor.name.isEmpty() ? tr("You") : conversation.visitor.name;
    return tr("Support");
}

QString quoted(const QString &text)
{
    QStringList lines = text.split(u'\n');
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        line.prepend(line.isEmpty() ? QStringLiteral(">") : QStringLiteral("> "));
    }
    return lines.join(u'\n');
}
} // namespace

namespace EmailReply {
QString subject(const QList<MessageView> &messages)
{
    for (const MessageView &m : messages) {
        if (m.authorRole != AuthorRole::Visitor || !isQuotable(m))
            continue;
        QString first = m.body.trimmed().section(u'\n', 0, 0).simplified();
        if (first.size() > 60)
            first = first.left(59).trimmed() + u'…';
        return QStringLiteral("Re: %1").arg(first);
    }
    return tr("Re: Your message");
}

QString body(const ConversationView &conversation, const QList<MessageView> &messages)
{
    QString text = conversation.visitor.name.isEmpty()
        ? tr("Hello,")
        : tr("Hello %1,").arg(conversation.visitor.name);
    text += QStringLiteral("\n\n\n\n");
    QString transcript;
    for (const MessageView &m : messages) {
        if (!isQuotable(m))
            continue;
        const QString when
            = QDateTime::fromMSecsSinceEpoch(m.at).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        transcript += tr("On %1, %2 wrote:").arg(when, authorOf(m, conversation)) + u'\n'
            + quoted(m.body.trimmed()) + QStringLiteral("\n\n");
    }
    if (transcript.size() > maxQuotedChars)
        transcript = transcript.left(maxQuotedChars) + QStringLiteral("\n> […]\n");
    return text + transcript.trimmed() + u'\n';
}

QUrl mailtoUrl(const ConversationView &conversation, const QList<MessageView> &messages)
{
    static const QRegularExpression plainAddress(
        QStringLiteral(R"(^[^\s@,;:<>()\[\]"'?&%=/\\]+@[^\s@,;:<>()\[\]"'?&%=/\\]+$)"));
    const QString email = conversation.visitor.email.trimmed();
    QByteArray url = "mailto:";
    if (plainAddress.match(email).hasMatch())
        url += QUrl::toPercentEncoding(email, "@+");
    // Line breaks in a mailto body are CRLF (RFC 6068, section 5).
    QString text = body(conversation, messages);
    text.replace(u'\n', QStringLiteral("\r\n"));
    url += "?subject=" + QUrl::toPercentEncoding(subject(messages));
    url += "&body=" + QUrl::toPercentEncoding(text);
    return QUrl::fromEncoded(url, QUrl::StrictMode);
}
} // namespace EmailReply
