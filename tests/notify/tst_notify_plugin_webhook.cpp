// The webhook plugin against a real HTTP receiver on 127.0.0.1.
#include "curlhttp.h"
#include "httpreceiver.h"
#include "plugintestsupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <curl/curl.h>

using namespace lw::notify;
using lw::test::HttpReceiver;
using Outcome = DeliveryResult::Outcome;

Q_DECLARE_METATYPE(DeliveryResult::Outcome)

class TestWebhookPlugin : public QObject
{
    Q_OBJECT

    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;

    QVariantMap config(const QString &url) const
    {
        return {{QStringLiteral("url"), url},
                {QStringLiteral("secret"), QStringLiteral("s3cret-signing-key")},
                {QStringLiteral("authorization"), QStringLiteral("Bearer tok-1234567")},
                {QStringLiteral("headers"), QStringLiteral("X-Team: perf\n\nX-Trace: a b c\n")}};
    }

private slots:
    void initTestCase()
    {
        m_loaded = lw::test::loadPlugin(QStringLiteral("webhook"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
    }

    void deliversSignedJson()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDefaultReply({204, {}, {}, 0});
        const Notification n = lw::test::sampleNotification();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, n, config(receiver.url()), 5000, 2);
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(result.detail.startsWith(QLatin1String("HTTP 204")), qPrintable(result.detail));

        QCOMPARE(receiver.requests().size(), 1);
        const HttpReceiver::Request &r = receiver.requests().constFirst();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/hook"));
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(QJsonDocument::fromJson(r.body).object(), n.toJson());
        QCOMPARE(r.headers.value("x-loadwright-event"), QByteArray("run.failed"));
        QCOMPARE(r.headers.value("idempotency-key"), n.id.toUtf8());
        QCOMPARE(r.headers.value("x-loadwright-delivery"), n.id.toUtf8());
        QCOMPARE(r.headers.value("x-loadwright-attempt"), QByteArray("2"));
        const QByteArray expected = "sha256=" + QMessageAuthenticationCode::hash(r.body, "s3cret-signing-key",
                                                                                 QCryptographicHash::Sha256)
                                                    .toHex();
        QCOMPARE(r.headers.value("x-loadwright-signature"), expected);
        QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer tok-1234567"));
        QCOMPARE(r.headers.value("x-team"), QByteArray("perf"));
        QCOMPARE(r.headers.value("x-trace"), QByteArray("a b c"));
        QVERIFY(r.headers.value("user-agent").startsWith("Loadwright/"));
    }

    void noSignatureWithoutSecret()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        const DeliveryResult result = lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(),
                                                                 {{QStringLiteral("url"), receiver.url()}});
        QCOMPARE(result.outcome, Outcome::Sent);
        QCOMPARE(receiver.requests().size(), 1);
        QVERIFY(!receiver.requests().constFirst().headers.contains("x-loadwright-signature"));
    }

    void statusMapsToOutcome_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("200") << 200 << QByteArray() << Outcome::Sent << QStringLiteral("HTTP 200");
        QTest::newRow("202") << 202 << QByteArray() << Outcome::Sent << QStringLiteral("HTTP 202");
        QTest::newRow("500") << 500 << QByteArray() << Outcome::Retry << QStringLiteral("HTTP 500");
        QTest::newRow("503 retry-after")
            << 503 << QByteArray("30") << Outcome::Retry << QStringLiteral("Retry-After 30 s");
        QTest::newRow("429") << 429 << QByteArray("5") << Outcome::Retry << QStringLiteral("HTTP 429");
        QTest::newRow("408") << 408 << QByteArray() << Outcome::Retry << QStringLiteral("HTTP 408");
        QTest::newRow("400") << 400 << QByteArray() << Outcome::Failed
                             << QStringLiteral("HTTP 400: scripted answer");
        QTest::newRow("404") << 404 << QByteArray() << Outcome::Failed << QStringLiteral("HTTP 404");
        QTest::newRow("401") << 401 << QByteArray() << Outcome::Failed << QStringLiteral("HTTP 401");
    }

    void statusMapsToOutcome()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        QFETCH(Outcome, outcome);
        QFETCH(QString, detailPart);
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        HttpReceiver::Reply reply{status, "scripted answer", {}, 0};
        if (!retryAfter.isEmpty())
            reply.headers.append({"Retry-After", retryAfter});
        receiver.setDefaultReply(reply);
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(receiver.url()));
        QCOMPARE(result.outcome, outcome);
        QVERIFY2(result.detail.contains(detailPart), qPrintable(result.detail));
        QCOMPARE(receiver.requests().size(), 1);
    }

    void receiverDownIsRetried()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        const QString url = receiver.url();
        receiver.close();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(url));
        QCOMPARE(result.outcome, Outcome::Retry);
        QVERIFY2(result.detail.contains(QLatin1String("not reached")), qPrintable(result.detail));
    }

    void slowReceiverTimesOutAndIsRetried()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDefaultReply({200, "late", {}, 5000});
        QElapsedTimer clock;
        clock.start();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(receiver.url()), 700);
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(result.outcome, Outcome::Retry);
        QVERIFY2(result.detail.contains(QLatin1String("within 700 ms")), qPrintable(result.detail));
        QVERIFY2(elapsed >= 600 && elapsed < 2500, qPrintable(QString::number(elapsed)));
    }

    void redirectIsNotFollowed_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("host");
        QTest::newRow("302 to another host") << 302 << QStringLiteral("localhost");
        QTest::newRow("307 to another host") << 307 << QStringLiteral("localhost");
        QTest::newRow("308 same host, other port") << 308 << QStringLiteral("127.0.0.1");
    }

    void redirectIsNotFollowed()
    {
        QFETCH(int, status);
        QFETCH(QString, host);
        HttpReceiver target;
        QVERIFY(target.listen());
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        const QByteArray location =
            QStringLiteral("http://%1:%2/elsewhere").arg(host).arg(target.port()).toUtf8();
        receiver.setDefaultReply({status, {}, {{"Location", location}}, 0});
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(receiver.url()));
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(result.detail.contains(QLatin1String("redirects are not followed")),
                 qPrintable(result.detail));
        QVERIFY2(result.detail.contains(QStringLiteral("host ") + host), qPrintable(result.detail));
        QTest::qWait(100);
        QCOMPARE(receiver.requests().size(), 1);
        QCOMPARE(target.requests().size(), 0);
    }

    void onlyHttpAndHttpsAreAccepted_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("problem");
        QTest::newRow("file") << QStringLiteral("file:///etc/hostname")
                              << QStringLiteral("only http:// and https://");
        QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/x")
                             << QStringLiteral("only http:// and https://");
        QTest::newRow("gopher") << QStringLiteral("gopher://127.0.0.1/") << QStringLiteral("only http://");
        QTest::newRow("empty") << QString() << QStringLiteral("url is empty");
        QTest::newRow("no host") << QStringLiteral("http:///path") << QStringLiteral("no host");
        QTest::newRow("credentials") << QStringLiteral("http://user:pw@127.0.0.1/")
                                     << QStringLiteral("no user name");
    }

    void onlyHttpAndHttpsAreAccepted()
    {
        QFETCH(QString, url);
        QFETCH(QString, problem);
        const QString error = m_plugin->validateConfig({{QStringLiteral("url"), url}});
        QVERIFY2(error.contains(problem), qPrintable(error));
        const DeliveryResult result = lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(),
                                                                 {{QStringLiteral("url"), url}});
        QCOMPARE(result.outcome, Outcome::Failed);
        QCOMPARE(result.detail, error);
    }

    void curlItselfRefusesOtherProtocols()
    {
        // Below the plugin's own check: the shared client's libcurl handle accepts http and https only.
        lw::plugins::HttpRequest request;
        request.url = QStringLiteral("file:///etc/hostname");
        const lw::plugins::HttpResponse response = lw::plugins::httpPost(request, DeliveryContext{});
        QVERIFY(!response.answered);
        QCOMPARE(response.curlCode, int(CURLE_UNSUPPORTED_PROTOCOL));
        QVERIFY2(response.transportError.contains(QLatin1String("only http and https")),
                 qPrintable(response.transportError));
    }

    void badHeadersAreRejected_data()
    {
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no colon") << QStringLiteral("X-Ok: 1\nnot a header") << QStringLiteral("line 2");
        QTest::newRow("space in name") << QStringLiteral("Bad Name: 1") << QStringLiteral("line 1");
        QTest::newRow("reserved") << QStringLiteral("Content-Length: 5")
                                  << QStringLiteral("set by the plugin");
        QTest::newRow("own header") << QStringLiteral("X-Loadwright-Signature: x")
                                    << QStringLiteral("set by the plugin");
    }

    void badHeadersAreRejected()
    {
        QFETCH(QString, headers);
        QFETCH(QString, problem);
        const QString error =
            m_plugin->validateConfig({{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/")},
                                      {QStringLiteral("headers"), headers}});
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    void untrustedHttpsCertificateFails()
    {
        // TLS verification stays on: a receiver with a self-signed certificate is refused for good.
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QCOMPARE(QProcess::execute(QStringLiteral("openssl"),
                                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                                    QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                                    QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"), key,
                                    QStringLiteral("-out"), cert}),
                 0);
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(LW_TEST_DATA_DIR "/data/https_receiver.py"), cert, key});
        QVERIFY(server.waitForStarted(5000));
        QVERIFY(server.waitForReadyRead(10000));
        const QByteArray line = server.readLine().trimmed();
        QVERIFY2(line.startsWith("PORT "), line.constData());
        const QString url = QStringLiteral("https://127.0.0.1:%1/hook").arg(QString::fromLatin1(line.mid(5)));
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(url));
        server.closeWriteChannel();
        QVERIFY(server.waitForFinished(5000));
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(result.detail.contains(QLatin1String("certificate of 127.0.0.1 is not trusted")),
                 qPrintable(result.detail));
        QVERIFY2(!server.readAll().contains("REQUEST"), "the receiver got the notification");
    }

    void secretsNeverAppearInDetails()
    {
        // A receiver that echoes what it got: the plugin's detail must not repeat the secrets.
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDefaultReply(
            {403, "token Bearer tok-1234567 is not valid; key s3cret-signing-key", {}, 0});
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(receiver.url()));
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(!result.detail.contains(QLatin1String("tok-1234567")), qPrintable(result.detail));
        QVERIFY2(!result.detail.contains(QLatin1String("s3cret-signing-key")), qPrintable(result.detail));
        QVERIFY2(result.detail.contains(QLatin1String("[secret]")), qPrintable(result.detail));
    }
};

QTEST_GUILESS_MAIN(TestWebhookPlugin)
#include "tst_notify_plugin_webhook.moc"
