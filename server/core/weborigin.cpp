#include "weborigin.h"

#include <QUrl>

std::optional<QString> WebOrigin::normalized(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty()
        || url.host().contains(u'*') || !url.userInfo().isEmpty() || url.hasQuery()
        || url.hasFragment() || (!url.path().isEmpty() && url.path() != u"/"))
        return std::nullopt;
    url.setScheme(scheme);
    url.setPath({});
    if (url.port() == (scheme == u"https" ? 443 : 80))
        url.setPort(-1);
    return QString::fromLatin1(url.toEncoded()); // host in lower case and ASCII, as browsers send
}

bool WebOrigin::isAllowed(const QString &origin, const QStringList &allowed)
{
    const auto page = normalized(origin);
    if (!page)
        return false;
    return std::any_of(allowed.cbegin(), allowed.cend(),
        [&page](const QString &entry) { return normalized(entry) == page; });
}
