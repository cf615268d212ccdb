// The k6 export: every sample strategy as a script that node parses as an ES module (k6 itself is not
// installable here, so the script's structure is checked, not run), the journey's steps, transactions,
// extractions, data rows, load profile and thresholds in their k6 form, what does not translate in the
// header, and text with quotes, backslashes and line breaks that stays a valid string literal.

#include "import/k6export.h"
#include "model/strategyjson.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace lw;
using namespace lw::import;

namespace {

QString sampleDir()
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies");
}

std::optional<Strategy> sample(const QString &file)
{
    QFile f(sampleDir() + QLatin1Char('/') + file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return parseStrategy(f.readAll()).strategy;
}

// node --check on the script as an ES module; empty when it parses (or when node is not installed:
// then only the structure is checked, and initTestCase said so), else node's message.
QString nodeCheck(const QString &script, const QString &dir)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return QString();
    const QString path = dir + QStringLiteral("/script.mjs");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write ") + path;
    f.write(script.toUtf8());
    f.close();
    QProcess p;
    p.start(node, {QStringLiteral("--check"), path});
    if (!p.waitForFinished(30000))
        return QStringLiteral("node did not finish");
    return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError());
}

} // namespace

class TestK6Export : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            qWarning("node is not installed (Debian: nodejs): the scripts' syntax is not checked, only their "
                     "structure");
        QVERIFY(m_dir.isValid());
    }

    void everySampleParses_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files =
            QDir(sampleDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 5);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f;
    }

    void everySampleParses()
    {
        QFETCH(QString, file);
        const std::optional<Strategy> s = sample(file);
        QVERIFY(s);
        const K6Script k6 = exportK6(*s);
        const QString error = nodeCheck(k6.script, m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const char *part :
             {"import http from 'k6/http';", "export const options = {", "export default function () {"})
            QVERIFY2(k6.script.contains(QLatin1String(part)), part);
        // One request per target and per step, nothing more.
        qsizetype requests = s->targets.size();
        for (const Scenario &sc : s->scenarios)
            requests += sc.steps.size();
        QCOMPARE(k6.script.count(QLatin1String("http.request(")), requests);
        // Every journey is listed with its weight.
        QCOMPARE(k6.script.count(QRegularExpression(QStringLiteral("^  \\{ name: .*, weight: .*, run: "),
                                                    QRegularExpression::MultilineOption)),
                 s->targets.size() + s->scenarios.size());
        // What does not translate is in the script's header, line by line.
        QVERIFY(!k6.notTranslated.isEmpty());
        for (const QString &n : k6.notTranslated)
            QVERIFY2(k6.script.contains(QStringLiteral("// - ") + n), qPrintable(n));
    }

    void checkoutJourney()
    {
        const std::optional<Strategy> s = sample(QStringLiteral("journey-checkout.json"));
        QVERIFY(s);
        const K6Script k6 = exportK6(*s);
        const QString &t = k6.script;
        // The data file is opened next to the script and named for the caller to copy.
        QCOMPARE(k6.dataFiles, QStringList{QStringLiteral("journey-users.csv")});
        QVERIFY(t.contains(QLatin1String("\"users\": new SharedArray(\"users\", () => "
                                         "parseCsv(open(\"./journey-users.csv\"))),")));
        QVERIFY(t.contains(
            QLatin1String("const d = { \"users\": rowOf(\"users\", \"unique\", \"stop\", false) };")));
        // The row's columns fill the login body.
        QVERIFY(t.contains(QLatin1String("d[\"users\"][\"username\"]")));
        // Open model: arrivals per second, the connection cap as the VU pool.
        QVERIFY(t.contains(QLatin1String("executor: 'ramping-arrival-rate'")));
        QVERIFY(t.contains(QLatin1String("preAllocatedVUs: 32,")));
        QVERIFY(t.contains(QLatin1String("{ duration: '10000ms', target: 20 },")));
        // Success criteria and the stopping safety limit as thresholds.
        QVERIFY(t.contains(QLatin1String("http_req_duration: [\"p(99)<500\"],")));
        QVERIFY(t.contains(QLatin1String("http_req_failed: [\"rate<=0\", { threshold: \"rate<=0.05\", "
                                         "abortOnFail: true, delayAbortEval: '3000ms' }],")));
        // Transactions are groups, consecutive steps of one transaction in one group; a failed step
        // ends the iteration (on_failure end_iteration).
        QVERIFY(t.contains(QLatin1String("if (!group(\"sign-in\", () => scenario_0_step_0(v, d))) return;")));
        QVERIFY(t.contains(QLatin1String("if (!scenario_0_step_1(v, d)) return;")));
        QVERIFY(t.contains(QLatin1String(
            "if (!group(\"buy\", () => scenario_0_step_2(v, d) && scenario_0_step_3(v, d))) return;")));
        // Extractions: the token from the JSON answer, the session cookie; the JSON pointer form too.
        QVERIFY(t.contains(QLatin1String("const x0_token = jsonAt(res, [\"token\"]);")));
        QVERIFY(t.contains(QLatin1String("cookieOf(res, \"session\")")));
        QVERIFY(t.contains(QLatin1String("jsonAt(res, [\"items\", \"0\", \"id\"])")));
        QVERIFY(t.contains(QLatin1String("v[\"token\"]")));
        QVERIFY(k6.notTranslated.join(QLatin1Char('\n')).contains(QLatin1String("Data rows:")));
    }

    void textStaysAStringLiteral()
    {
        Strategy s;
        s.name = QStringLiteral("Quotes \"double\" and 'single', a back\\slash\nand a new line");
        s.load.model = LoadModel::Closed;
        s.load.stages = {Stage{QStringLiteral("5s"), 2, StageRamp::Linear}};
        Scenario sc;
        sc.name = QStringLiteral("it's </script> \u2028 here");
        Step st;
        st.name = QStringLiteral("GET \"/x\"\\");
        st.method = QStringLiteral("POST");
        st.url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/a?q='x'&b=\"y\"");
        st.headers.append({QStringLiteral("X-Note"), QStringLiteral("tab\there `backtick` costs $5")});
        st.body = QStringLiteral("{\"k\":\"line1\\nline2\",\"v\":\"{{token}}\"}\r\n");
        // The same variable extracted twice in one step (the second wins, as in the engine).
        Extraction e1;
        e1.var = QStringLiteral("token");
        e1.from = ExtractFrom::Json;
        e1.expression = QStringLiteral("$.token");
        Extraction e2 = e1;
        e2.from = ExtractFrom::Header;
        e2.expression = QStringLiteral("X-Token");
        Step login = st;
        login.name = QStringLiteral("login");
        login.body.clear();
        login.extract = {e1, e2};
        sc.steps.prepend(login);
        sc.steps.append(st);
        s.scenarios.append(sc);
        const K6Script k6 = exportK6(s);
        const QString error = nodeCheck(k6.script, m_dir.path());
        QVERIFY2(error.isEmpty(), qPrintable(error + QLatin1Char('\n') + k6.script));
        // The variable comes from the journey's values, the pre-run one from the environment.
        QVERIFY(k6.script.contains(QLatin1String("v[\"token\"]")));
        QVERIFY(k6.script.contains(QLatin1String("env(\"TARGET\", \"http://127.0.0.1:8080\")")));
        QVERIFY(k6.script.contains(QLatin1String("executor: 'ramping-vus'")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestK6Export)
#include "tst_k6export.moc"
