#include <core/passwordhasher.h>
#include <core/secrets.h>

#include <QSet>
#include <QtTest>

// Tokens are random and long enough; passwords are salted, slow and verified exactly.
class TestSecrets : public QObject
{
    Q_OBJECT
private slots:
    void visitorTokensCarryAtLeast128RandomBits()
    {
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const QString token = Secrets::randomToken(24);
            QCOMPARE(
                QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding).size(), 24);
            seen.insert(token);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void tokenHashIsStableAndDoesNotContainTheToken()
    {
        const QString token = Secrets::randomToken();
        QCOMPARE(Secrets::tokenHash(token), Secrets::tokenHash(token));
        QVERIFY(!Secrets::tokenHash(token).contains(token));
        QCOMPARE(Secrets::tokenHash(token).size(), 64);
    }

    void passwordVerifiesOnlyWhenRight()
    {
        const QString stored = PasswordHasher::hash(QStringLiteral("s3cret pass"), 2000);
        QVERIFY(stored.startsWith("pbkdf2-sha256$2000$"));
        QVERIFY(PasswordHasher::verify(QStringLiteral("s3cret pass"), stored));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("s3cret pasS"), stored));
        QVERIFY(!PasswordHasher::verify(QString(), stored));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("s3cret pass"), QStringLiteral("garbage")));
    }

    void samePasswordGetsDifferentSalts()
    {
        QVERIFY(PasswordHasher::hash("pw", 1000) != PasswordHasher::hash("pw", 1000));
    }

    void constantTimeEqualsComparesBytes()
    {
        QVERIFY(Secrets::constantTimeEquals("abc", "abc"));
        QVERIFY(!Secrets::constantTimeEquals("abc", "abd"));
        QVERIFY(!Secrets::constantTimeEquals("abc", "abcd"));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
