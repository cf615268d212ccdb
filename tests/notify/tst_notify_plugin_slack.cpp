// The Slack plugin against a real HTTP receiver on 127.0.0.1 that answers like Slack's incoming
// webhooks ("ok", invalid_payload, 429 with Retry-After, no_service).
#include "httpreceiver.h"
#include "plugintestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace lw::notify;
using lw::test::HttpReceiver;
using Outcome = DeliveryResult::Outcome;

Q_DECLARE_METATYPE(DeliveryResult::Outcome)

namespace {
const QString kToken = QStringLiteral("B0SECRETTOKEN9");
}

class TestSlackPlugin : public QObject
{
    Q_OBJECT

    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;

    static QVariantMap config(const HttpReceiver &receiver)
    {
        return {{QStringLiteral("url"), receiver.url(QStringLiteral("/services/T000/") + kToken)}};
    }

private slots:
    void initTestCase()
    {
        m_loaded = lw::test::loadPlugin(QStringLiteral("slack"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
    }

    void postsKeyFiguresWithoutLinks()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        Notification n = lw::test::sampleNotification();
        n.text += QStringLiteral("\nSee <https://evil.example|here> & <!channel>");
        const DeliveryResult result = lw::test::deliverOffThread(m_plugin, n, config(receiver));
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(result.detail.startsWith(QLatin1String("Slack accepted")), qPrintable(result.detail));

        QCOMPARE(receiver.requests().size(), 1);
        const HttpReceiver::Request &r = receiver.requests().constFirst();
        QCOMPARE(r.path, (QStringLiteral("/services/T000/") + kToken).toUtf8());
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        const QJsonObject payload = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(payload.value(QLatin1String("text")).toString(), n.title);
        QCOMPARE(payload.value(QLatin1String("unfurl_links")).toBool(true), false);
        QCOMPARE(payload.value(QLatin1String("unfurl_media")).toBool(true), false);
        const QJsonArray blocks = payload.value(QLatin1String("blocks")).toArray();
        QCOMPARE(blocks.size(), 4);
        QCOMPARE(blocks.at(0)[QLatin1String("type")].toString(), QStringLiteral("header"));
        QCOMPARE(blocks.at(0)[QLatin1String("text")][QLatin1String("text")].toString(), n.title);

        const QString text = blocks.at(1)[QLatin1String("text")][QLatin1String("text")].toString();
        QVERIFY2(text.startsWith(QLatin1String("p99 412.5 ms exceeded")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1Char('<')) && !text.contains(QLatin1Char('>')), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("&lt;https://evil.example|here&gt; &amp; &lt;!channel&gt;")),
                 qPrintable(text));

        QStringList fields;
        for (const QJsonValue &field : blocks.at(2)[QLatin1String("fields")].toArray())
            fields.append(field[QLatin1String("text")].toString());
        QCOMPARE(fields, (QStringList{QStringLiteral("*Status*\nfailed"), QStringLiteral("*p99*\n412.5 ms"),
                                      QStringLiteral("*Error rate*\n2.50 %"),
                                      QStringLiteral("*Throughput*\n50.0 req/s"),
                                      QStringLiteral("*Strategy*\ncheckout-load"),
                                      QStringLiteral("*Revision*\n3"), QStringLiteral("*Run*\n42")}));

        const QString context = blocks.at(3)[QLatin1String("elements")][0][QLatin1String("text")].toString();
        QVERIFY2(
            context.contains(QStringLiteral("critical · run.failed · shop.lwws · 2026-11-29 14:05:09 UTC")),
            qPrintable(context));
    }

    void slackAnswersMapToOutcomes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("invalid_payload")
            << 400 << QByteArray("invalid_payload") << QByteArray() << Outcome::Failed
            << QStringLiteral("rejected the message (HTTP 400: invalid_payload)");
        QTest::newRow("invalid_token") << 403 << QByteArray("invalid_token") << QByteArray()
                                       << Outcome::Failed << QStringLiteral("invalid_token");
        QTest::newRow("no_service") << 404 << QByteArray("no_service") << QByteArray() << Outcome::Failed
                                    << QStringLiteral("no longer exists");
        QTest::newRow("channel_is_archived") << 410 << QByteArray("channel_is_archived") << QByteArray()
                                             << Outcome::Failed << QStringLiteral("channel_is_archived");
        QTest::newRow("rate limited")
            << 429 << QByteArray("rate_limited") << QByteArray("7") << Outcome::Retry
            << QStringLiteral("Slack rate limit (HTTP 429, Retry-After 7 s)");
        QTest::newRow("server error") << 500 << QByteArray("internal_error") << QByteArray() << Outcome::Retry
                                      << QStringLiteral("HTTP 500");
        QTest::newRow("200 but not ok")
            << 200 << QByteArray("something_else") << QByteArray() << Outcome::Sent
            << QStringLiteral("Slack answered 200 (something_else)");
    }

    void slackAnswersMapToOutcomes()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, retryAfter);
        QFETCH(Outcome, outcome);
        QFETCH(QString, detailPart);
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        HttpReceiver::Reply reply{status, body, {}, 0};
        if (!retryAfter.isEmpty())
            reply.headers.append({"Retry-After", retryAfter});
        receiver.setDefaultReply(reply);
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), config(receiver));
        QCOMPARE(result.outcome, outcome);
        QVERIFY2(result.detail.contains(detailPart), qPrintable(result.detail));
        QVERIFY2(!result.detail.contains(kToken), qPrintable(result.detail));
    }

    void webhookUrlStaysSecret()
    {
        HttpReceiver receiver;
        QVERIFY(receiver.listen());
        const QVariantMap cfg = config(receiver);
        receiver.close();
        const DeliveryResult down = lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg);
        QCOMPARE(down.outcome, Outcome::Retry);
        QVERIFY2(!down.detail.contains(kToken) && !down.detail.contains(QLatin1String("/services")),
                 qPrintable(down.detail));

        const QVariantMap bad{{QStringLiteral("url"), QString(QStringLiteral("file:///services/") + kToken)}};
        const QString error = m_plugin->validateConfig(bad);
        QVERIFY2(error.contains(QLatin1String("only http:// and https://")), qPrintable(error));
        QVERIFY2(!error.contains(kToken), qPrintable(error));
        const QString invalid =
            m_plugin->validateConfig({{QStringLiteral("url"), QStringLiteral("http://")}});
        QVERIFY(!invalid.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSlackPlugin)
#include "tst_notify_plugin_slack.moc"
