#include <core/identitysignature.h>
#include <core/secrets.h>

#include <QElapsedTimer>
#include <QtTest>

// The identity signature: the documented recipe (a known answer that Node's and Python's HMAC
// give too), valid only with the right secret and before its expiry, and compared in time that
// does not tell a guesser how much of its guess was right.
class TestIdentitySignature : public QObject
{
    Q_OBJECT

    static constexpr qint64 expires = 1767225600; // 2026-01-01T00:00:00Z
    static constexpr qint64 before = (expires - 60) * 1000;

    static IdentityClaim claim(const QString &signature)
    {
        return { QStringLiteral("42"), QStringLiteral("ada@example.com"), expires, signature };
    }

    static inline volatile bool sink = false; // keeps the comparisons from being optimised away

    /// How long one run of @p work takes, in nanoseconds.
    static qint64 timed(const std::function<bool()> &work)
    {
        QElapsedTimer timer;
        timer.start();
        sink = work();
        return std::max<qint64>(timer.nsecsElapsed(), 1);
    }

private slots:
    void signatureIsTheDocumentedHmac()
    {
        // Computed with Python's hmac and Node's crypto from docs/identity.md's recipe.
        QCOMPARE(IdentitySignature::sign("is_test", "42", "ada@example.com", expires),
            "4d63941514fa64674f2aa55d2eabe0f1c98c531dea5221c3766d17e6408fee7c");
        QCOMPARE(IdentitySignature::signedText("42", "", expires), "42\n\n1767225600");
    }

    void onlyTheRightSignatureBeforeItsExpiryIsValid()
    {
        using IdentitySignature::Check;
        const QString good = IdentitySignature::sign("is_test", "42", "ada@example.com", expires);
        QCOMPARE(IdentitySignature::check(claim(good), "is_test", before), Check::Valid);
        QCOMPARE(IdentitySignature::check(claim(good), "is_tesT", before), Check::Mismatch);
        QCOMPARE(IdentitySignature::check(claim(good), "is_test", expires * 1000), Check::Expired);
        // A forged and expired claim says only that it does not match.
        QString forged = good;
        forged[63] = forged[63] == u'0' ? u'1' : u'0';
        QCOMPARE(
            IdentitySignature::check(claim(forged), "is_test", expires * 1000), Check::Mismatch);
        forged = good;
        forged[0] = forged[0] == u'0' ? u'1' : u'0';
        QCOMPARE(IdentitySignature::check(claim(forged), "is_test", before), Check::Mismatch);
        QCOMPARE(
            IdentitySignature::check(claim(good.toUpper()), "is_test", before), Check::Mismatch);
        // A site without a secret verifies nothing, not even a signature made with none.
        const QString unkeyed = IdentitySignature::sign("", "42", "ada@example.com", expires);
        QCOMPARE(IdentitySignature::check(claim(unkeyed), "", before), Check::Mismatch);
    }

    void newSecretsAreLongAndDistinct()
    {
        const QString a = IdentitySignature::newSecret();
        QVERIFY(a.startsWith("is_"));
        QCOMPARE(
            QByteArray::fromBase64(a.mid(3).toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
        QVERIFY(a != IdentitySignature::newSecret());
    }

    // What check() compares signatures with: a difference in the first byte takes as long to
    // find as one in the last (memcmp or == would return at once on the first). Measured on
    // large inputs, minimum of many runs, generous bounds: robust on a busy machine.
    void constantTimeEqualsTakesAsLongWhereverTheInputsDiffer()
    {
        const QByteArray reference(256 * 1024, 'a');
        QByteArray differsFirst = reference;
        differsFirst[0] = 'b';
        QByteArray differsLast = reference;
        differsLast[differsLast.size() - 1] = 'b';
        QVERIFY(!Secrets::constantTimeEquals(reference, differsFirst));
        QVERIFY(!Secrets::constantTimeEquals(reference, differsLast));

        // Interleaved, so a burst of load elsewhere slows both alike; the fastest of each.
        qint64 first = std::numeric_limits<qint64>::max();
        qint64 last = first;
        for (int i = 0; i < 31; ++i) {
            first = std::min(
                first, timed([&] { return Secrets::constantTimeEquals(reference, differsFirst); }));
            last = std::min(
                last, timed([&] { return Secrets::constantTimeEquals(reference, differsLast); }));
        }
        qInfo("first byte differs: %lld us, last byte: %lld us, ratio %.2f", first / 1000,
            last / 1000, double(first) / double(last));
        // An early-exit compare finds the first byte thousands of times faster.
        QVERIFY2(first * 5 > last, "a difference in the first byte is found sooner");
    }
};

QTEST_GUILESS_MAIN(TestIdentitySignature)
#include "tst_identitysignature.moc"
