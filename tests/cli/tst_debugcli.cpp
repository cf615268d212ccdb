// `loadwright debug` and `loadwright runs delete` as a user calls them: the real executable, the real
// engine and loadwright-target's demo shop on 127.0.0.1, the sample journey, a temporary workspace.
// Exit codes, the tree with secrets masked or shown, --json records, the debug run kind.

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
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

QString sample(const QString &name)
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies/") + name;
}

} // namespace

class TestDebugCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

    Result cli(const QStringList &args)
    {
        QProcess p;
        p.start(loadwrightBinary(), args + QStringList{QStringLiteral("--workspace"), m_ws,
                                                       QStringLiteral("--as"), QStringLiteral("ci")});
        Result r;
        if (!p.waitForStarted(5000) || !p.waitForFinished(kGenerous))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Result debug(const QString &target, const QStringList &args)
    {
        return cli(QStringList{QStringLiteral("debug")} + args +
                   QStringList{QStringLiteral("--set"), QStringLiteral("TARGET=") + target,
                               QStringLiteral("--engine"), enginetest::engineBinary()});
    }
    // The sample journey (with its users file) in the test directory, under name, with edit applied.
    QString journeyFile(const QString &name, const std::function<void(QJsonObject &)> &edit = {})
    {
        QFile in(sample(QStringLiteral("journey-checkout.json")));
        if (!in.open(QIODevice::ReadOnly))
            return {};
        QJsonObject doc = QJsonDocument::fromJson(in.readAll()).object();
        doc.insert(QStringLiteral("name"), name);
        if (edit)
            edit(doc);
        QFile::copy(sample(QStringLiteral("journey-users.csv")),
                    m_dir.filePath(QStringLiteral("journey-users.csv")));
        const QString path = m_dir.filePath(name + QStringLiteral(".json"));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(QJsonDocument(doc).toJson());
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
    }

    void passingJourneyExitsZeroWithSecretsMasked()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        const QString file = journeyFile(QStringLiteral("debug pass"));
        const Result r = debug(target.url(QString()), {file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(QStringLiteral("debug run ")), qPrintable(r.err));
        for (const char *line :
             {"Iteration 1 - scenario checkout - virtual user 1 - users row 1", "[PASS] step 1 login: POST ",
              "[PASS] step 4 checkout: POST ", "Authorization: Bearer *****", "Set-Cookie: session=*****",
              "[ok] token = *****", "[pass] login accepted: status 200 (expected status 200)",
              "cookies after the step: session=***** (127.0.0.1, path /, session, HttpOnly)",
              "think time 100.0 ms skipped", "iteration completed in ", "\"password\": \"*****\"",
              "secret value(s) masked"})
            QVERIFY2(r.out.contains(QLatin1String(line)),
                     qPrintable(QStringLiteral("%1 missing in:\n%2").arg(QLatin1String(line), r.out)));
        QVERIFY2(!r.out.contains(QStringLiteral("secret-0001")), qPrintable(r.out));

        // --show-secrets: the password and the token as sent.
        const Result shown = debug(target.url(QString()), {file, QStringLiteral("--show-secrets")});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY(shown.out.contains(QStringLiteral("\"password\": \"secret-0001\"")));
        QVERIFY(!shown.out.contains(QStringLiteral("*****")));

        // --json: the full records, masked unless asked.
        const Result json = debug(target.url(QString()), {file, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject j = json.json();
        QCOMPARE(j.value(QStringLiteral("kind")).toString(), QStringLiteral("debug"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("passed"));
        QCOMPARE(j.value(QStringLiteral("secrets_masked")).toBool(), true);
        const QJsonArray steps = j.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 4);
        const QJsonObject login = steps[0].toObject();
        QCOMPARE(login.value(QStringLiteral("request")).toObject().value(QStringLiteral("body")).toString(),
                 QStringLiteral("{\"user\":\"user0001\",\"password\":\"*****\"}"));
        const qint64 runId = j.value(QStringLiteral("run_id")).toInteger();

        // Stored as a debug run: listed with its kind, never compared, deletable.
        const Result runs = cli({QStringLiteral("runs"), QStringLiteral("--json")});
        QCOMPARE(runs.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(runs.out.toUtf8()).array();
        QCOMPARE(list.size(), 3);
        for (const QJsonValue &v : list)
            QCOMPARE(v.toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("debug"));
        const Result compare =
            cli({QStringLiteral("compare"), QString::number(runId - 1), QString::number(runId)});
        QVERIFY(compare.exitCode != 0);
        QVERIFY2(compare.err.contains(QStringLiteral("debug runs are not compared")),
                 qPrintable(compare.err));
        // No report of a debug run (exit 2, said why), and no baseline either.
        const Result report = cli({QStringLiteral("report"), QString::number(runId),
                                   QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(report.exitCode, 2);
        QVERIFY2(report.err.contains(QStringLiteral("is a debug run")) &&
                     report.err.contains(QStringLiteral("it has no report")),
                 qPrintable(report.err));
        QVERIFY(report.out.isEmpty());
        QVERIFY(cli({QStringLiteral("report"), QStringLiteral("--help")})
                    .out.contains(QStringLiteral("a debug run has no report (exit 2)")));
        const Result baseline = cli({QStringLiteral("baseline"), QString::number(runId)});
        QVERIFY(baseline.exitCode != 0);
        QVERIFY2(baseline.err.contains(QStringLiteral("debug run")), qPrintable(baseline.err));
        const Result del = cli({QStringLiteral("runs"), QStringLiteral("delete"), QString::number(runId)});
        QVERIFY2(del.exitCode == 0, qPrintable(del.err));
        QCOMPARE(del.out.trimmed(), QStringLiteral("Debug run %1 deleted").arg(runId));
        QCOMPARE(QJsonDocument::fromJson(cli({QStringLiteral("runs"), QStringLiteral("--json")}).out.toUtf8())
                     .array()
                     .size(),
                 2);
        const Result audit =
            cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--json")});
        QVERIFY2(audit.out.contains(QStringLiteral("run.delete")), qPrintable(audit.out.left(2000)));
    }

    void failingCheckExitsOne()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        const QString file = journeyFile(QStringLiteral("debug fail"), [](QJsonObject &doc) {
            QJsonArray scenarios = doc.value(QStringLiteral("scenarios")).toArray();
            QJsonObject sc = scenarios[0].toObject();
            QJsonArray steps = sc.value(QStringLiteral("steps")).toArray();
            QJsonObject cart = steps[2].toObject();
            QJsonArray checks = cart.value(QStringLiteral("checks")).toArray();
            QJsonObject check = checks[0].toObject();
            check.insert(QStringLiteral("value"), QStringLiteral("2"));
            checks[0] = check;
            cart.insert(QStringLiteral("checks"), checks);
            steps[2] = cart;
            sc.insert(QStringLiteral("steps"), steps);
            scenarios[0] = sc;
            doc.insert(QStringLiteral("scenarios"), scenarios);
        });
        const Result r = debug(target.url(QString()), {file});
        QVERIFY2(r.exitCode == 1,
                 qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2(r.out.contains(QStringLiteral("[FAIL] step 3 add-to-cart")), qPrintable(r.out));
        QVERIFY(r.out.contains(
            QStringLiteral("[FAIL] one item in cart: /count = 1 (expected /count equals \"2\")")));
        QVERIFY(r.out.contains(QStringLiteral("iteration ended early in ")));
        QVERIFY(!r.out.contains(QStringLiteral("step 4 checkout")));
        QVERIFY(r.out.contains(QStringLiteral(": Failed - debug run: 1 problem(s) in 3 step(s)")));
    }

    void hostOutsideAllowListIsRefused()
    {
        const QString file = journeyFile(QStringLiteral("debug refused"));
        const Result r = debug(QStringLiteral("http://192.0.2.10:8080"), {file});
        QVERIFY2(r.exitCode == 4,
                 qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err)));
        QVERIFY2(r.err.contains(QStringLiteral("192.0.2.10")) && r.err.contains(QStringLiteral("allow")),
                 qPrintable(r.err));
    }

    void usage()
    {
        const QString file = journeyFile(QStringLiteral("debug usage"));
        QCOMPARE(cli({QStringLiteral("debug"), file, QStringLiteral("--iterations"), QStringLiteral("11")})
                     .exitCode,
                 2);
        QCOMPARE(cli({QStringLiteral("debug"), file, QStringLiteral("--rows"), QStringLiteral("2"),
                      QStringLiteral("--iterations"), QStringLiteral("2")})
                     .exitCode,
                 2);
        const Result del = cli({QStringLiteral("runs"), QStringLiteral("delete"), QStringLiteral("abc")});
        QCOMPARE(del.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestDebugCli)
#include "tst_debugcli.moc"
