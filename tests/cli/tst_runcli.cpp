// `loadwright run` and `loadwright runs` as a user calls them: the real executable with a real engine
// and loadwright-target on 127.0.0.1 and a temporary workspace; exit codes, --json output, revisions.

#include "../run/tst_runcontrollerutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace runtest;

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

} // namespace

class TestRunCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

    Result cli(const QStringList &args)
    {
        QProcess p;
        p.start(loadwrightBinary(), args + QStringList{QStringLiteral("--workspace"), m_ws});
        Result r;
        if (!p.waitForStarted(5000) || !p.waitForFinished(kGenerous))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Result run(const QStringList &args)
    {
        return cli(QStringList{QStringLiteral("run")} + args +
                   QStringList{QStringLiteral("--engine"), enginetest::engineBinary(), QStringLiteral("--as"),
                               QStringLiteral("ci")});
    }
    QString write(const QString &fileName, const QByteArray &json)
    {
        const QString path = m_dir.filePath(fileName);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void passingRunPrintsAJsonSummaryAndExitsZero()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        Plan plan;
        plan.name = QStringLiteral("cli pass");
        plan.url = target.url();
        plan.rate = 50;
        plan.duration = QStringLiteral("2s");
        plan.criteria = {criterion(QStringLiteral("error_rate"), QStringLiteral("<="), 1, true)};
        const QString file = write(QStringLiteral("pass.json"), strategyJson(plan));
        const Result r = run({file, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("imported cli pass as revision 1")), qPrintable(r.err));
        const QJsonObject j = r.json();
        QVERIFY(j.value(QStringLiteral("run_id")).toInt() > 0);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("passed"));
        QCOMPARE(j.value(QStringLiteral("strategy")).toString(), QStringLiteral("cli pass"));
        QCOMPARE(j.value(QStringLiteral("revision")).toInt(), 1);
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(), 0);
        QVERIFY(j.value(QStringLiteral("reason")).isString());
        const qint64 requests = qint64(j.value(QStringLiteral("requests")).toDouble());
        QVERIFY(requests >= 80 && requests <= 100);
        QCOMPARE(qint64(enginetest::targetStats(target.port).value(QStringLiteral("responses")).toDouble()),
                 requests);
        QCOMPARE(j.value(QStringLiteral("errors")).toInt(), 0);
        QVERIFY(j.value(QStringLiteral("intervals")).toInt() >= 2);
        QVERIFY(j.value(QStringLiteral("rps")).toDouble() > 30);
        const QJsonObject latency = j.value(QStringLiteral("latency_ms")).toObject();
        for (const char *key : {"p50", "p90", "p99", "p999", "max"})
            QVERIFY2(latency.value(QLatin1String(key)).isDouble(), key);
        QVERIFY(latency.value(QStringLiteral("max")).toDouble() >=
                latency.value(QStringLiteral("p50")).toDouble());
        const QJsonObject verdict = j.value(QStringLiteral("verdict")).toObject();
        QCOMPARE(verdict.value(QStringLiteral("passed")).toBool(), true);
        QCOMPARE(verdict.value(QStringLiteral("score")).toDouble(), 100.0);
        QCOMPARE(verdict.value(QStringLiteral("criteria")).toArray().size(), 1);

        // The same file again runs the stored revision (no new one); by NAME too.
        const Result again = run({file, QStringLiteral("--json")});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(!again.err.contains(QStringLiteral("imported")));
        QCOMPARE(again.json().value(QStringLiteral("revision")).toInt(), 1);
        const Result byName = run({QStringLiteral("cli pass")});
        QCOMPARE(byName.exitCode, 0);
        QVERIFY2(byName.out.contains("passed"), byName.out.constData());
        QVERIFY(byName.out.contains("latency ms: p50"));
    }

    void missedCriteriaExitOne()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--latency"), QStringLiteral("5ms")}));
        Plan plan;
        plan.name = QStringLiteral("cli fail");
        plan.url = target.url();
        plan.rate = 30;
        plan.duration = QStringLiteral("2s");
        plan.criteria = {criterion(QStringLiteral("p50"), QStringLiteral("<"), 1, true)};
        const Result r =
            run({write(QStringLiteral("fail.json"), strategyJson(plan)), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(
            r.json().value(QStringLiteral("verdict")).toObject().value(QStringLiteral("passed")).toBool(true),
            false);
    }

    void safetyStopExitsThree()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--error-rate"), QStringLiteral("0.5")}));
        Plan plan;
        plan.name = QStringLiteral("cli safety");
        plan.url = target.url();
        plan.rate = 50;
        plan.duration = QStringLiteral("20s");
        plan.limits = {limit(QStringLiteral("errors"), QStringLiteral("error_rate"), 5, QStringLiteral("1s"),
                             QStringLiteral("stop"))};
        const Result r = run({write(QStringLiteral("safety.json"), strategyJson(plan))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.out.contains("stopped by safety"), r.out.constData());
        QVERIFY2(r.out.contains("error_rate"), r.out.constData()); // the limit's event line
    }

    void refusedBeforeStartExitsFour()
    {
        // A required tcp prerequisite on a closed port.
        Plan plan;
        plan.name = QStringLiteral("cli prerequisite");
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        plan.prerequisites = {QJsonObject{{QStringLiteral("name"), QStringLiteral("database port")},
                                          {QStringLiteral("type"), QStringLiteral("tcp")},
                                          {QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                          {QStringLiteral("port"), closedPort()}}};
        Result r = run({write(QStringLiteral("prereq.json"), strategyJson(plan)), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(r.json().value(QStringLiteral("cause")).toString(), QStringLiteral("prerequisite"));
        QVERIFY2(r.err.contains(QStringLiteral("'database port' failed")), qPrintable(r.err));

        // The canary sample needs two approvals: with its prerequisites met, the default gate refuses it.
        enginetest::Target target;
        QVERIFY(target.start({}));
        r = run({QStringLiteral(LW_SOURCE_DIR "/resources/strategies/canary-high-risk.json"),
                 QStringLiteral("--set"), QStringLiteral("TARGET=") + target.url(QString()),
                 QStringLiteral("--confirm"), QStringLiteral("On-call engineer acknowledged")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("approval gate refused: needs 2 approvals (level high), has 0 valid")),
                 qPrintable(r.err));

        // A manual prerequisite that was not ticked refuses; --confirm ticks it.
        plan.name = QStringLiteral("cli manual");
        plan.prerequisites = {QJsonObject{{QStringLiteral("name"), QStringLiteral("on-call informed")},
                                          {QStringLiteral("type"), QStringLiteral("manual")},
                                          {QStringLiteral("description"), QStringLiteral("tell them")}}};
        plan.url = QStringLiteral("http://10.255.255.1/"); // refused by the engine once past the checks
        const QString manual = write(QStringLiteral("manual.json"), strategyJson(plan));
        r = run({manual, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(r.json().value(QStringLiteral("cause")).toString(), QStringLiteral("prerequisite"));
        r = run({manual, QStringLiteral("--json"), QStringLiteral("--confirm"),
                 QStringLiteral("on-call informed")});
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(r.json().value(QStringLiteral("cause")).toString(), QStringLiteral("engine_refused"));
    }

    void invalidAndEngineFailures()
    {
        Plan plan;
        plan.name = QStringLiteral("cli invalid");
        plan.url = QStringLiteral("${LW_RUNCLI_UNSET}/x");
        const QString file = write(QStringLiteral("invalid.json"), strategyJson(plan));
        Result r = run({file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("targets[0].url")), qPrintable(r.err));

        plan.name = QStringLiteral("cli no engine");
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        QProcess p;
        p.start(loadwrightBinary(),
                {QStringLiteral("run"), write(QStringLiteral("noengine.json"), strategyJson(plan)),
                 QStringLiteral("--workspace"), m_ws, QStringLiteral("--engine"),
                 m_dir.filePath(QStringLiteral("missing-engine"))});
        QVERIFY(p.waitForFinished(kGenerous));
        QCOMPARE(p.exitCode(), 5);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("missing-engine")));

        r = cli({QStringLiteral("run"), QStringLiteral("no such strategy")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(
            r.err.contains(QStringLiteral("no strategy file or stored strategy named 'no such strategy'")));
    }

    void runsListsEveryRunWithTypedFields()
    {
        Result r = cli({QStringLiteral("runs"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray all = QJsonDocument::fromJson(r.out).array();
        QVERIFY(all.size() >= 8);
        static const QStringList statuses = {QStringLiteral("pending"),   QStringLiteral("checking"),
                                             QStringLiteral("running"),   QStringLiteral("passed"),
                                             QStringLiteral("failed"),    QStringLiteral("stopped_by_safety"),
                                             QStringLiteral("cancelled"), QStringLiteral("interrupted")};
        qint64 previousId = std::numeric_limits<qint64>::max();
        for (const QJsonValue &v : all) {
            const QJsonObject o = v.toObject();
            QVERIFY(o.value(QStringLiteral("id")).isDouble());
            QVERIFY(o.value(QStringLiteral("id")).toInteger() < previousId); // newest first
            previousId = o.value(QStringLiteral("id")).toInteger();
            QVERIFY(o.value(QStringLiteral("strategy")).isString());
            QVERIFY(o.value(QStringLiteral("revision")).isDouble());
            QVERIFY(statuses.contains(o.value(QStringLiteral("status")).toString()));
            QVERIFY(o.value(QStringLiteral("started_at")).isString() ||
                    o.value(QStringLiteral("started_at")).isNull());
            QVERIFY(o.value(QStringLiteral("ended_at")).isString());
            for (const char *key : {"requests", "errors", "intervals"})
                QVERIFY2(o.value(QLatin1String(key)).isDouble(), key);
        }
        // Exactly the statuses the runs above ended with, newest first.
        const QJsonObject newest = all.at(0).toObject();
        QCOMPARE(newest.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));

        r = cli({QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--strategy"),
                 QStringLiteral("cli pass")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray passes = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(passes.size(), 3);
        for (const QJsonValue &v : passes) {
            QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("passed"));
            QVERIFY(v.toObject().value(QStringLiteral("requests")).toInt() >= 80);
            QVERIFY(!v.toObject().value(QStringLiteral("started_at")).isNull());
        }
        r = cli({QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header and two runs
        QVERIFY(lines.at(0).startsWith(QStringLiteral("ID")));
        QCOMPARE(cli({QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("0")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("runs"), QStringLiteral("--strategy"), QStringLiteral("nope")}).exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
