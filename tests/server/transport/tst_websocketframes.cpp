#include <websocket/frames.h>
#include <websocket/handshake.h>

#include <QtTest>

using namespace WebSocket;

// The server's RFC 6455 reader and writer, byte by byte: what a client may send, what it may
// not (and the close code each violation earns), and the frames the server writes.
class TestWebSocketFrames : public QObject
{
    Q_OBJECT

    static constexpr quint32 mask = 0x37fa213d;

    static QByteArray clientFrame(Opcode opcode, QByteArrayView payload, bool fin = true)
    {
        return encodeFrame(opcode, payload, fin, mask);
    }

    /// Everything @p reader yields for @p bytes, fed @p chunk bytes at a time.
    static QList<Incoming> readAll(FrameReader &reader, const QByteArray &bytes, int chunk = 0)
    {
        QList<Incoming> out;
        const qsizetype step = chunk > 0 ? chunk : std::max<qsizetype>(1, bytes.size());
        for (qsizetype i = 0; i < bytes.size(); i += step) {
            reader.append(QByteArrayView(bytes).sliced(i, std::min(step, bytes.size() - i)));
            while (std::optional<Incoming> in = reader.next())
                out.append(*in);
        }
        return out;
    }

    static quint16 closeCodeFor(const QByteArray &bytes, qsizetype limit = 64 * 1024)
    {
        FrameReader reader({ limit, true });
        readAll(reader, bytes);
        return reader.error() ? reader.error()->closeCode : 0;
    }

private slots:
    void maskedTextIsRead_data()
    {
        QTest::addColumn<int>("chunk");
        QTest::newRow("whole") << 0;
        QTest::newRow("byte by byte") << 1;
        QTest::newRow("in threes") << 3;
    }
    void maskedTextIsRead()
    {
        QFETCH(int, chunk);
        const QByteArray text = QStringLiteral("Grüße, 你好 🙂").toUtf8();
        FrameReader reader({});
        const QList<Incoming> got = readAll(reader, clientFrame(Opcode::Text, text), chunk);
        QVERIFY(!reader.error());
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.first().kind, Incoming::Kind::Text);
        QCOMPARE(got.first().payload, text);
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void aCharacterSplitAcrossContinuationFramesIsAccepted()
    {
        // "é" is C3 A9: the first frame ends after C3, the next begins with A9.
        const QByteArray text = QStringLiteral("café!").toUtf8();
        const qsizetype split = text.indexOf('\xC3') + 1;
        const QByteArray bytes = clientFrame(Opcode::Text, text.left(split), false)
            + clientFrame(Opcode::Continuation, text.mid(split));
        FrameReader reader({});
        const QList<Incoming> got = readAll(reader, bytes);
        QVERIFY2(!reader.error(), qPrintable(reader.error() ? reader.error()->reason : QString()));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.first().payload, text);
    }

    void pingBetweenFragmentsComesFirst()
    {
        const QByteArray bytes = clientFrame(Opcode::Text, "Hel", false)
            + clientFrame(Opcode::Ping, "are you there") + clientFrame(Opcode::Continuation, "lo");
        FrameReader reader({});
        const QList<Incoming> got = readAll(reader, bytes);
        QCOMPARE(got.size(), 2);
        QCOMPARE(got.at(0).kind, Incoming::Kind::Ping);
        QCOMPARE(got.at(0).payload, QByteArray("are you there"));
        QCOMPARE(got.at(1).payload, QByteArray("Hello"));
    }

    void invalidUtf8Closes1007_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("lone continuation") << QByteArray("a\x80");
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF");
        QTest::newRow("overlong three bytes") << QByteArray("\xE0\x80\xAF");
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80");
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80");
        QTest::newRow("F5 lead") << QByteArray("\xF5\x80\x80\x80");
        QTest::newRow("cut short") << QByteArray("ok \xE2\x82");
    }
    void invalidUtf8Closes1007()
    {
        QFETCH(QByteArray, bytes);
        QCOMPARE(closeCodeFor(clientFrame(Opcode::Text, bytes)), CloseCode::InvalidPayload);
    }

    void invalidUtf8IsRefusedBeforeTheMessageEnds()
    {
        // The bad byte is in the first fragment; the final one has not arrived.
        FrameReader reader({});
        readAll(reader, clientFrame(Opcode::Text, "ab\xFF", false));
        QVERIFY(reader.error());
        QCOMPARE(reader.error()->closeCode, CloseCode::InvalidPayload);
    }

    void binaryIsNotCheckedAsText()
    {
        FrameReader reader({});
        const QList<Incoming> got = readAll(reader, clientFrame(Opcode::Binary, "\xFF\xFE"));
        QVERIFY(!reader.error());
        QCOMPARE(got.first().kind, Incoming::Kind::Binary);
    }

    void protocolViolationsClose1002_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("unmasked") << encodeFrame(Opcode::Text, "hi");
        QByteArray reserved = clientFrame(Opcode::Text, "hi");
        reserved[0] = char(reserved[0] | 0x40);
        QTest::newRow("reserved bit") << reserved;
        QByteArray opcode = clientFrame(Opcode::Text, "hi");
        opcode[0] = char(0x83);
        QTest::newRow("unknown opcode") << opcode;
        QTest::newRow("fragmented ping") << clientFrame(Opcode::Ping, "x", false);
        QTest::newRow("long ping") << clientFrame(Opcode::Ping, QByteArray(126, 'x'));
        QTest::newRow("continuation first") << clientFrame(Opcode::Continuation, "x");
        QTest::newRow("text inside text")
            << clientFrame(Opcode::Text, "a", false) + clientFrame(Opcode::Text, "b");
        QTest::newRow("one-byte close") << clientFrame(Opcode::Close, "\x03");
        QTest::newRow("close code 1005") << encodeClose(1005, {}, mask);
        QTest::newRow("close code 999") << encodeClose(999, {}, mask);
        QByteArray huge("\x82\xFF", 2);
        huge.append(QByteArray::fromHex("8000000000000000")).append("abcd");
        QTest::newRow("length over 2^63") << huge;
    }
    void protocolViolationsClose1002()
    {
        QFETCH(QByteArray, bytes);
        QCOMPARE(closeCodeFor(bytes), CloseCode::ProtocolError);
    }

    void unmaskedFramesAreReadWhenMaskingIsNotRequired()
    {
        FrameReader reader({ 1024, false });
        const QList<Incoming> got = readAll(reader, encodeFrame(Opcode::Text, "from a server"));
        QVERIFY(!reader.error());
        QCOMPARE(got.first().payload, QByteArray("from a server"));
    }

    void oversizedMessagesAreRefusedFromTheHeader()
    {
        // A 1 MB frame against a 1 KB limit: refused on its header, nothing buffered.
        FrameReader reader({ 1024, true });
        const QByteArray frame = clientFrame(Opcode::Binary, QByteArray(1 << 20, 'x'));
        reader.append(QByteArrayView(frame).first(14));
        QVERIFY(!reader.next());
        QVERIFY(reader.error());
        QCOMPARE(reader.error()->closeCode, CloseCode::MessageTooBig);
    }

    void theLimitCountsEveryFragment()
    {
        const QByteArray bytes = clientFrame(Opcode::Text, QByteArray(600, 'a'), false)
            + clientFrame(Opcode::Continuation, QByteArray(600, 'b'));
        QCOMPARE(closeCodeFor(bytes, 1000), CloseCode::MessageTooBig);
        QCOMPARE(closeCodeFor(bytes, 1200), quint16(0));
    }

    void closeFramesCarryCodeAndReason()
    {
        FrameReader reader({});
        const QList<Incoming> got = readAll(reader, encodeClose(1001, "bye", mask));
        QCOMPARE(got.size(), 1);
        QCOMPARE(got.first().kind, Incoming::Kind::Close);
        QCOMPARE(got.first().closeCode, quint16(1001));
        QCOMPARE(got.first().payload, QByteArray("bye"));
        FrameReader empty({});
        QCOMPARE(
            readAll(empty, clientFrame(Opcode::Close, {})).first().closeCode, CloseCode::NoStatus);
        QCOMPARE(closeCodeFor(clientFrame(Opcode::Close, QByteArray("\x03\xE8\xC0", 3))),
            CloseCode::InvalidPayload);
    }

    void frameLengthsUseTheShortestForm_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("header");
        QTest::newRow("125") << 125 << 2;
        QTest::newRow("126") << 126 << 4;
        QTest::newRow("65535") << 65535 << 4;
        QTest::newRow("65536") << 65536 << 10;
    }
    void frameLengthsUseTheShortestForm()
    {
        QFETCH(int, size);
        QFETCH(int, header);
        const QByteArray payload(size, 'z');
        const QByteArray frame = encodeFrame(Opcode::Binary, payload);
        QCOMPARE(frame.size(), header + size);
        FrameReader reader({ 1 << 20, false });
        QCOMPARE(readAll(reader, frame).first().payload, payload);
        FrameReader masked({ 1 << 20, true });
        QCOMPARE(readAll(masked, clientFrame(Opcode::Binary, payload), 7).first().payload, payload);
    }

    void closeReasonsAreCutOnACharacter()
    {
        const QByteArray frame = encodeClose(1008, QString(100, QChar(0x00E9))); // 200 bytes
        QCOMPARE(frame.size(), 2 + maxControlPayload - 1); // 2 + code + 61 two-byte characters
        FrameReader reader({ 1024, false });
        const QList<Incoming> got = readAll(reader, frame);
        QVERIFY(!reader.error());
        QCOMPARE(got.first().closeCode, quint16(1008));
    }

    void acceptKeyMatchesTheRfcExample()
    {
        QCOMPARE(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QVERIFY(isValidClientKey("dGhlIHNhbXBsZSBub25jZQ=="));
        QVERIFY(!isValidClientKey("c2hvcnQ="));
        QVERIFY(!isValidClientKey("not base64 at all!!!!!!!"));
    }
};

QTEST_APPLESS_MAIN(TestWebSocketFrames)
#include "tst_websocketframes.moc"
