// Testing windows at their edges through the real `loadwright run`: the clock is $LOADWRIGHT_NOW and
// the local time zone is Europe/Berlin (TZ), so the check runs on local wall-clock time. A window
// covers [start, end); one whose end is before its start crosses midnight and belongs to the day it
// starts. The engine path does not exist, so a run the window lets through ends at once (exit 5),
// while a refused one never starts (exit 4).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result
{
    int exitCode = -1;
    QString output; // stdout and stderr
};

} // namespace

class TestWindowCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;
    QString m_file;

    Result run(const QString &now)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOADWRIGHT_KEY_DIR"), m_dir.filePath(QStringLiteral("keys")));
        env.insert(QStringLiteral("LOADWRIGHT_NOW"), now);
        env.insert(QStringLiteral("TZ"), QStringLiteral("Europe/Berlin"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(LW_LOADWRIGHT_BINARY),
                {QStringLiteral("run"), m_file, QStringLiteral("--workspace"), m_ws, QStringLiteral("--as"),
                 QStringLiteral("eve"), QStringLiteral("--engine"),
                 m_dir.filePath(QStringLiteral("no-engine")), QStringLiteral("--json")});
        Result r;
        if (!p.waitForStarted(5000) || !p.waitForFinished(30000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.output = QString::fromUtf8(p.readAll());
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
        // The low-risk demo strategy (no sign-off needed) with two windows: Monday night 02:00-05:00
        // and Friday 22:00 to Saturday 02:00.
        QFile sample(QStringLiteral(LW_SOURCE_DIR "/resources/strategies/demo-load.json"));
        QVERIFY(sample.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(sample.readAll()).object();
        QCOMPARE(doc.value(QStringLiteral("safety_level")).toString(), QStringLiteral("low"));
        doc.insert(QStringLiteral("name"), QStringLiteral("Windowed load"));
        doc.insert(QStringLiteral("windows"),
                   QJsonArray{QJsonObject{{QStringLiteral("days"), QJsonArray{QStringLiteral("mon")}},
                                          {QStringLiteral("start"), QStringLiteral("02:00")},
                                          {QStringLiteral("end"), QStringLiteral("05:00")}},
                              QJsonObject{{QStringLiteral("days"), QJsonArray{QStringLiteral("fri")}},
                                          {QStringLiteral("start"), QStringLiteral("22:00")},
                                          {QStringLiteral("end"), QStringLiteral("02:00")}}});
        m_file = m_dir.filePath(QStringLiteral("windowed.json"));
        QFile out(m_file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(doc).toJson());
    }

    void edges_data()
    {
        QTest::addColumn<QString>("now");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("says");
        // 2026-11-30 is a Monday; Berlin is UTC+1 in winter.
        QTest::newRow("a second before the start")
            << QStringLiteral("2026-11-30T01:59:59+01:00") << false << QStringLiteral("next opens Mon 02:00");
        QTest::newRow("the same instant given in UTC")
            << QStringLiteral("2026-11-30T00:59:59Z") << false << QStringLiteral("next opens Mon 02:00");
        QTest::newRow("at the start") << QStringLiteral("2026-11-30T02:00:00+01:00") << true
                                      << QStringLiteral("inside the testing window mon 02:00-05:00");
        QTest::newRow("a second before the end")
            << QStringLiteral("2026-11-30T04:59:59+01:00") << true << QStringLiteral("closes Mon 05:00");
        QTest::newRow("at the end") << QStringLiteral("2026-11-30T05:00:00+01:00") << false
                                    << QStringLiteral("outside the testing windows");
        // Friday 2026-12-04 22:00 to Saturday 02:00.
        QTest::newRow("friday before it opens")
            << QStringLiteral("2026-12-04T21:59:59+01:00") << false << QStringLiteral("next opens Fri 22:00");
        QTest::newRow("friday when it opens")
            << QStringLiteral("2026-12-04T22:00:00+01:00") << true << QStringLiteral("fri 22:00-02:00");
        QTest::newRow("saturday after midnight")
            << QStringLiteral("2026-12-05T01:59:59+01:00") << true << QStringLiteral("closes Sat 02:00");
        QTest::newRow("saturday when it closes") << QStringLiteral("2026-12-05T02:00:00+01:00") << false
                                                 << QStringLiteral("outside the testing windows");
        // The early hours of Friday belong to Thursday's night, which has no window.
        QTest::newRow("friday after midnight")
            << QStringLiteral("2026-12-04T01:00:00+01:00") << false << QStringLiteral("next opens Fri 22:00");
    }

    void edges()
    {
        QFETCH(QString, now);
        QFETCH(bool, allowed);
        QFETCH(QString, says);
        const Result r = run(now);
        QVERIFY2(r.output.contains(says), qPrintable(r.output));
        if (allowed) {
            // Past the window the run gets as far as the engine, which does not exist.
            QCOMPARE(r.exitCode, 5);
            QVERIFY2(!r.output.contains(QStringLiteral("outside the testing windows")), qPrintable(r.output));
        } else {
            QCOMPARE(r.exitCode, 4);
            QVERIFY2(!r.output.contains(QStringLiteral("inside the testing window")), qPrintable(r.output));
        }
    }
};

QTEST_GUILESS_MAIN(TestWindowCli)
#include "tst_windowcli.moc"
