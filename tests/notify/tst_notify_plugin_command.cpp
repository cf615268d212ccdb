// The command plugin running real programs: stdin JSON, arguments without a shell, exit codes,
// stderr in the detail, and a timeout that kills the program and what it started.
#include "plugintestsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <signal.h>

using namespace lw::notify;
using Outcome = DeliveryResult::Outcome;

Q_DECLARE_METATYPE(DeliveryResult::Outcome)

namespace {

const QString kScript = QStringLiteral(LW_TEST_DATA_DIR "/data/notify_command.py");

QVariantMap config(const QStringList &args)
{
    return {{QStringLiteral("program"), QStringLiteral("/usr/bin/python3")},
            {QStringLiteral("args"), QStringList(QStringList{kScript} + args).join(QLatin1Char('\n'))}};
}

// True while pid exists and is not a zombie.
bool isAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) != "Z";
}

} // namespace

class TestCommandPlugin : public QObject
{
    Q_OBJECT

    lw::test::LoadedPlugin m_loaded;
    NotificationPlugin *m_plugin = nullptr;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        m_loaded = lw::test::loadPlugin(QStringLiteral("command"));
        QVERIFY2(m_loaded.plugin, qPrintable(m_loaded.error));
        m_plugin = m_loaded.plugin;
        QVERIFY(m_dir.isValid());
    }

    void programGetsJsonOnStdin()
    {
        const QString out = m_dir.filePath(QStringLiteral("record.json"));
        QVariantMap cfg = config({QStringLiteral("record"), out, QStringLiteral("two words"),
                                  QStringLiteral("$HOME;rm -rf /"), QString()});
        cfg.insert(QStringLiteral("secret"), QStringLiteral("cmd-secret-value"));
        const Notification n = lw::test::sampleNotification();
        const DeliveryResult result = lw::test::deliverOffThread(m_plugin, n, cfg, 5000, 3);
        QCOMPARE(result.outcome, Outcome::Sent);
        QVERIFY2(result.detail.startsWith(QLatin1String("python3 exited 0")), qPrintable(result.detail));

        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject seen = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(QJsonDocument::fromJson(seen.value(QLatin1String("stdin")).toString().toUtf8()).object(),
                 n.toJson());
        // Arguments arrive as written: no shell, no expansion; the empty last line is not an argument.
        QCOMPARE(seen.value(QLatin1String("args")).toVariant().toStringList(),
                 (QStringList{QStringLiteral("two words"), QStringLiteral("$HOME;rm -rf /")}));
        QCOMPARE(seen.value(QLatin1String("event")).toString(), QStringLiteral("run.failed"));
        QCOMPARE(seen.value(QLatin1String("attempt")).toString(), QStringLiteral("3"));
        QCOMPARE(seen.value(QLatin1String("secret")).toString(), QStringLiteral("cmd-secret-value"));
    }

    void exitCodesMapToOutcomes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("detail");
        QTest::newRow("0") << 0 << Outcome::Sent << QStringLiteral("python3 exited 0");
        QTest::newRow("75 tempfail") << 75 << Outcome::Retry
                                     << QStringLiteral("python3 exited 75 (temporary failure): queue full");
        QTest::newRow("3") << 3 << Outcome::Failed << QStringLiteral("python3 exited 3: queue full");
    }

    void exitCodesMapToOutcomes()
    {
        QFETCH(int, code);
        QFETCH(Outcome, outcome);
        QFETCH(QString, detail);
        const DeliveryResult result = lw::test::deliverOffThread(
            m_plugin, lw::test::sampleNotification(),
            config({QStringLiteral("exit"), QString::number(code), QStringLiteral("queue full\n")}));
        QCOMPARE(result.outcome, outcome);
        QVERIFY2(result.detail.startsWith(detail), qPrintable(result.detail));
    }

    void longStderrIsCutToItsEnd()
    {
        const QString noise = QString(5000, QLatin1Char('x')) + QStringLiteral(" the real reason");
        QVariantMap cfg =
            config({QStringLiteral("exit"), QStringLiteral("2"), noise + QStringLiteral(" cmd-secret")});
        cfg.insert(QStringLiteral("secret"), QStringLiteral("cmd-secret"));
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg);
        QCOMPARE(result.outcome, Outcome::Failed);
        QVERIFY2(result.detail.size() < 400, qPrintable(QString::number(result.detail.size())));
        QVERIFY2(result.detail.endsWith(QLatin1String("the real reason [secret]")),
                 qPrintable(result.detail));
    }

    void timeoutKillsTheProgramAndItsChildren_data()
    {
        QTest::addColumn<QString>("onTimeout");
        QTest::addColumn<Outcome>("outcome");
        QTest::newRow("retry") << QStringLiteral("retry") << Outcome::Retry;
        QTest::newRow("fail") << QStringLiteral("fail") << Outcome::Failed;
    }

    void timeoutKillsTheProgramAndItsChildren()
    {
        QFETCH(QString, onTimeout);
        QFETCH(Outcome, outcome);
        const QString pidFile = m_dir.filePath(QStringLiteral("child-") + onTimeout);
        QVariantMap cfg = config({QStringLiteral("hang"), pidFile});
        cfg.insert(QStringLiteral("timeout_seconds"), QStringLiteral("1"));
        cfg.insert(QStringLiteral("on_timeout"), onTimeout);
        QElapsedTimer clock;
        clock.start();
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg, 8000);
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(result.outcome, outcome);
        QVERIFY2(result.detail.contains(QLatin1String("still ran after 1000 ms and was killed")),
                 qPrintable(result.detail));
        QVERIFY2(elapsed >= 900 && elapsed < 4000, qPrintable(QString::number(elapsed)));
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const qint64 child = file.readAll().toLongLong();
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!isAlive(child), 3000);
    }

    void configurationIsChecked_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing program") << QStringLiteral("program") << QStringLiteral("/nonexistent/notify")
                                         << QStringLiteral("not an executable");
        QTest::newRow("not in PATH") << QStringLiteral("program") << QStringLiteral("no-such-program-lw")
                                     << QStringLiteral("not an executable");
        QTest::newRow("bad dir") << QStringLiteral("working_dir") << QStringLiteral("/nonexistent")
                                 << QStringLiteral("not a directory");
        QTest::newRow("bad timeout") << QStringLiteral("timeout_seconds") << QStringLiteral("soon")
                                     << QStringLiteral("timeout_seconds");
        QTest::newRow("bad on_timeout") << QStringLiteral("on_timeout") << QStringLiteral("ignore")
                                        << QStringLiteral("not retry or fail");
    }

    void configurationIsChecked()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, problem);
        QVariantMap cfg = config({QStringLiteral("exit"), QStringLiteral("0"), QString()});
        QVERIFY(m_plugin->validateConfig(cfg).isEmpty());
        cfg.insert(key, value);
        const QString error = m_plugin->validateConfig(cfg);
        QVERIFY2(error.contains(problem), qPrintable(error));
        const DeliveryResult result =
            lw::test::deliverOffThread(m_plugin, lw::test::sampleNotification(), cfg);
        QCOMPARE(result.outcome, Outcome::Failed);
        QCOMPARE(result.detail, error);
    }
};

QTEST_GUILESS_MAIN(TestCommandPlugin)
#include "tst_notify_plugin_command.moc"
