// The e-mail plugin against a real SMTP server on 127.0.0.1 (aiosmtpd): authentication, STARTTLS
// with a certificate made by the test, rejections and deferrals, a server that is down.
#include "plugintestsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace lw::notify;
using Outcome = DeliveryResult::Outcome;

Q_DECLARE_METATYPE(DeliveryResult::Outcome)

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kPassword = QStringLiteral("mail-pa55word");

// One aiosmtpd process; stops when its stdin closes.
class SmtpReceiver
{
public:
    bool start(const QStringList &options)
    {
        m_process.setProgram(kPython);
        m_process.setArguments(QStringList{QStringLiteral(LW_TEST_DATA_DIR "/data/smtp_receiver.py")} +
                               options);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return false;
        while (m_process.canReadLine() || m_process.waitForReadyRead(10000)) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith("PORT ")) {
                m_port = line.mid(5).toInt();
                return true;
            }
        }
        return false;
    }
    ~SmtpReceiver()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
    int port() const { return m_port; }
    // Messages printed so far (waits briefly for the next one when none is there yet).
    QList<QJsonObject> messages()
    {
        m_process.waitForReadyRead(500);
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine();
            if (line.startsWith('{')) // aiosmtpd also logs to stdout
                m_messages.append(QJsonDocument::fromJson(line).object());
        }
        return m_messages;
    }

private:
    QProcess m_process;
    int m_port = 0;
    QList<QJsonObject> m_messages;
};

QByteArray header(const QByteArray &mail, const QByteArray &name)
{
    const QByteArray head = mail.left(mail.indexOf("\r\n\r\n"));
    for (const QByteArray &line : head.split('\n'))
        if (line.toLower().startsWith(QByteArray(name.toLower() + ':')))
            return line.mid(name.size() + 1).trimmed();
    return {};
}

QString bodyText(const QByteArray &mail)
{
    QByteArray body = mail.mid(mail.indexOf("\r\n\r\n") + 4);
    body.replace("\r\n", "");
    return QString::fromUtf8(QByteArray::fromBase64(body));
}

} // namespace

class TestEmailPlugin : public QObject
{
    Q_OBJECT

    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;
    QTemporaryDir m_dir;
    QString m_cert, m_key;

    QVariantMap config(int port, const QString &tls) const
    {
        return {{QStringLiteral("server"), QStringLiteral("127.0.0.1")},
                {QStringLiteral("port"), QString::number(port)},
                {QStringLiteral("tls"), tls},
                {QStringLiteral("username"), QStringLiteral("loadwright")},
                {QStringLiteral("password"), kPassword},
                {QStringLiteral("from"), QStringLiteral("loadwright@example.org")},
                {QStringLiteral("to"), QStringLiteral("oncall@example.org, perf-team@example.org")},
                {QStringLiteral("verify_peer"), QStringLiteral("false")}};
    }

    QStringList authOptions() const
    {
        return {QStringLiteral("--user"), QStringLiteral("loadwright"), QStringLiteral("--password"),
                kPassword};
    }

private slots:
    void initTestCase()
    {
        m_loaded = lw::test::loadPlugin(QStringLiteral("email"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
        QVERIFY(m_dir.isValid());
        m_cert = m_dir.filePath(QStringLiteral("cert.pem"));
        m_key = m_dir.filePath(QStringLiteral("key.pem"));
        const int code = QProcess::execute(
            QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
             QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
             QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"), m_key, QStringLiteral("-out"),
             m_cert});
        QCOMPARE(code, 0);
    }

    void deliversWithAuthOnLoopback()
    {
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions()));
        const Notification n = lw::test::sampleNotification();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, n, config(receiver.port(), QStringLiteral("none")));
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(result.detail.contains(QLatin1String("for 2 recipient(s)")), qPrintable(result.detail));

        const QList<QJsonObject> messages = receiver.messages();
        QCOMPARE(messages.size(), 1);
        const QJsonObject m = messages.constFirst();
        QCOMPARE(m.value(QLatin1String("user")).toString(), QStringLiteral("loadwright"));
        QCOMPARE(m.value(QLatin1String("tls")).toBool(), false);
        QCOMPARE(m.value(QLatin1String("from")).toString(), QStringLiteral("loadwright@example.org"));
        QCOMPARE(
            m.value(QLatin1String("to")).toVariant().toStringList(),
            (QStringList{QStringLiteral("oncall@example.org"), QStringLiteral("perf-team@example.org")}));
        const QByteArray mail = m.value(QLatin1String("data")).toString().toUtf8();
        QCOMPARE(header(mail, "Subject"), QByteArray("[Loadwright] Run 42 of checkout-load failed"));
        QCOMPARE(header(mail, "To"), QByteArray("oncall@example.org, perf-team@example.org"));
        QCOMPARE(header(mail, "X-Loadwright-Event"), QByteArray("run.failed"));
        QVERIFY(header(mail, "Message-ID").contains(n.id.toUtf8()));
        QCOMPARE(header(mail, "Content-Type"), QByteArray("text/plain; charset=UTF-8"));
        const QString body = bodyText(mail);
        QVERIFY2(body.startsWith(n.text), qPrintable(body));
        QVERIFY2(body.contains(QLatin1String("p99: 412.5 ms\nError rate: 2.50 %\n")), qPrintable(body));
        QVERIFY2(body.contains(QLatin1String("Event: run.failed (critical)")), qPrintable(body));
    }

    void deliversOverStartTlsWithAuth()
    {
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions() + QStringList{QStringLiteral("--cert"), m_cert,
                                                           QStringLiteral("--key"), m_key,
                                                           QStringLiteral("--require-tls")}));
        Notification n = lw::test::sampleNotification();
        n.title = QStringLiteral("Lauf 42 fehlgeschlagen: Überlast – p99 über Grenze");
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, n, config(receiver.port(), QStringLiteral("starttls")));
        QCOMPARE(result.outcome, Outcome::Sent);
        const QList<QJsonObject> messages = receiver.messages();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.constFirst().value(QLatin1String("tls")).toBool(), true);
        QCOMPARE(messages.constFirst().value(QLatin1String("user")).toString(), QStringLiteral("loadwright"));
        const QByteArray subject =
            header(messages.constFirst().value(QLatin1String("data")).toString().toUtf8(), "Subject");
        QVERIFY2(subject.startsWith("=?UTF-8?B?"), subject.constData());
    }

    void deliversOverSmtps()
    {
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions() + QStringList{QStringLiteral("--cert"), m_cert,
                                                           QStringLiteral("--key"), m_key,
                                                           QStringLiteral("--implicit-tls")}));
        const DeliveryResult result = lw::test::deliverOffThread(
            m_plugin, lw::test::sampleNotification(), config(receiver.port(), QStringLiteral("smtps")));
        QCOMPARE(result.outcome, Outcome::Sent);
        const QList<QJsonObject> messages = receiver.messages();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.constFirst().value(QLatin1String("tls")).toBool(), true);
        QCOMPARE(messages.constFirst().value(QLatin1String("user")).toString(), QStringLiteral("loadwright"));
    }

    void untrustedCertificateFails()
    {
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions() + QStringList{QStringLiteral("--cert"), m_cert,
                                                           QStringLiteral("--key"), m_key,
                                                           QStringLiteral("--require-tls")}));
        QVariantMap cfg = config(receiver.port(), QStringLiteral("starttls"));
        cfg.insert(QStringLiteral("verify_peer"), QStringLiteral("true"));
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg);
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(result.detail.contains(QLatin1String("not trusted")), qPrintable(result.detail));
        QVERIFY(receiver.messages().isEmpty());
    }

    void startTlsRequiredButNotOffered()
    {
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions()));
        const DeliveryResult result = lw::test::deliverOffThread(
            m_plugin, lw::test::sampleNotification(), config(receiver.port(), QStringLiteral("starttls")));
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(result.detail.contains(QLatin1String("does not offer STARTTLS")), qPrintable(result.detail));
        QVERIFY(receiver.messages().isEmpty());
    }

    void wrongPasswordFails()
    {
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions()));
        QVariantMap cfg = config(receiver.port(), QStringLiteral("none"));
        cfg.insert(QStringLiteral("password"), QStringLiteral("wrong-password"));
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg);
        QVERIFY2(result.outcome == Outcome::Failed, qPrintable(result.detail));
        QVERIFY2(result.detail.contains(QLatin1String("refused the login")), qPrintable(result.detail));
        QVERIFY(!result.detail.contains(QLatin1String("wrong-password")));
    }

    void serverAnswersMapToOutcomes_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("550 unknown recipient") << QStringLiteral("reject@example.org") << Outcome::Failed
                                               << QStringLiteral("rejected the message (SMTP 550)");
        QTest::newRow("451 try later") << QStringLiteral("later@example.org") << Outcome::Retry
                                       << QStringLiteral("deferred the message (SMTP 451)");
    }

    void serverAnswersMapToOutcomes()
    {
        QFETCH(QString, to);
        QFETCH(Outcome, outcome);
        QFETCH(QString, detailPart);
        SmtpReceiver receiver;
        QVERIFY(receiver.start(authOptions()));
        QVariantMap cfg = config(receiver.port(), QStringLiteral("none"));
        cfg.insert(QStringLiteral("to"), to);
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg);
        QCOMPARE(result.outcome, outcome);
        QVERIFY2(result.detail.contains(detailPart), qPrintable(result.detail));
        QVERIFY(receiver.messages().isEmpty());
    }

    void serverDownIsRetried()
    {
        int port = 0;
        {
            SmtpReceiver receiver;
            QVERIFY(receiver.start({}));
            port = receiver.port();
        }
        const DeliveryResult result = lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(),
                                                                 config(port, QStringLiteral("none")), 3000);
        QCOMPARE(result.outcome, Outcome::Retry);
        QVERIFY2(result.detail.contains(QLatin1String("not reached")), qPrintable(result.detail));
    }

    void configurationIsChecked_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("plain password to a remote host")
            << QStringLiteral("server") << QStringLiteral("smtp.example.org")
            << QStringLiteral("unencrypted");
        QTest::newRow("unknown tls") << QStringLiteral("tls") << QStringLiteral("ssl")
                                     << QStringLiteral("not one of starttls, smtps, none");
        QTest::newRow("bad recipient") << QStringLiteral("to") << QStringLiteral("a@x.org, Bob <b@y.org>")
                                       << QStringLiteral("not a plain e-mail address");
        QTest::newRow("no recipient")
            << QStringLiteral("to") << QStringLiteral(" , ") << QStringLiteral("at least one");
        QTest::newRow("bad port") << QStringLiteral("port") << QStringLiteral("70000")
                                  << QStringLiteral("port");
        QTest::newRow("bad sender") << QStringLiteral("from") << QStringLiteral("nobody")
                                    << QStringLiteral("from:");
    }

    void configurationIsChecked()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, problem);
        QVariantMap cfg = config(2525, QStringLiteral("none"));
        QVERIFY(m_plugin->validateConfig(cfg).isEmpty());
        cfg.insert(key, value);
        const QString error = m_plugin->validateConfig(cfg);
        QVERIFY2(error.contains(problem), qPrintable(error));
        QVERIFY(!error.contains(kPassword));
    }
};

QTEST_GUILESS_MAIN(TestEmailPlugin)
#include "tst_notify_plugin_email.moc"
