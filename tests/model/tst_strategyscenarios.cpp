// Strategy schema 2: scenarios, run-time variables, extractions, checks and test data; and that
// schema-1 documents read, write and hash exactly as before.

#include "model/scenariovariables.h"
#include "model/strategydata.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "modeltestutil.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace lw;

namespace {

const Variables kNoEnvironment{{}, false};

QString journeyPath()
{
    return test::samplesDir() + QStringLiteral("/journey-checkout.json");
}

// The journey sample with patches "json-pointer=json-value" (or "json-pointer" to remove), written
// beside a copy of its users file (or the file given by csv) in dir.
QString patchedJourney(const QTemporaryDir &dir, const QStringList &patches,
                       const QByteArray &csv = QByteArray())
{
    const QByteArray src = test::readFile(journeyPath());
    nlohmann::json j = nlohmann::json::parse(src.constBegin(), src.constEnd());
    for (const QString &patch : patches) {
        const qsizetype eq = patch.indexOf(QLatin1Char('='));
        const nlohmann::json::json_pointer ptr((eq < 0 ? patch : patch.left(eq)).toStdString());
        if (eq < 0)
            j[ptr.parent_pointer()].erase(ptr.back());
        else
            j[ptr] = nlohmann::json::parse(patch.mid(eq + 1).toStdString());
    }
    QFile users(dir.filePath(QStringLiteral("journey-users.csv")));
    if (!users.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    users.write(csv.isEmpty() ? test::readSample(QStringLiteral("journey-users.csv")) : csv);
    users.close();
    const QString path = dir.filePath(QStringLiteral("journey.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    f.write(QByteArray::fromStdString(j.dump(2)));
    return path;
}

QStringList texts(const QList<ValidationIssue> &issues)
{
    QStringList out;
    for (const ValidationIssue &i : issues)
        out.append(i.toString());
    return out;
}

} // namespace

class TestStrategyScenarios : public QObject
{
    Q_OBJECT

private slots:
    // Schema-1 samples stay schema 1 on writing: same bytes in, same canonical form and hash out.
    void schema1StaysSchema1_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &name : test::sampleFiles())
            if (!name.startsWith(QLatin1String("journey")))
                QTest::newRow(qPrintable(name)) << name;
    }
    void schema1StaysSchema1()
    {
        QFETCH(QString, file);
        const ParseResult r = parseStrategy(test::readSample(file));
        QVERIFY2(r.ok(), qPrintable(texts(r.issues).join(QLatin1Char('\n'))));
        QCOMPARE(r.strategy->schemaVersion(), 1);
        const QByteArray canonical = canonicalJson(*r.strategy);
        QVERIFY(canonical.contains("\"schema\":1"));
        QVERIFY(!canonical.contains("\"scenarios\":["));
        QVERIFY(!canonical.contains("\"data\":["));
        const QByteArray written = toJson(*r.strategy);
        QVERIFY(written.startsWith("{\n  \"schema\": 1,"));
        QCOMPARE(parseStrategy(written).strategy, r.strategy);
    }

    // The hash of an unchanged schema-1 strategy is the one earlier versions computed (approvals
    // stay valid): the canonical form of this document was frozen before schema 2 existed.
    void schema1HashIsStable()
    {
        const QByteArray doc =
            "{\"schema\":1,\"name\":\"Smoke\",\"type\":\"load\",\"safety_level\":\"low\", "
            "\"targets\":[{\"name\":\"home\",\"url\":\"http://127.0.0.1:8080/\"}], "
            "\"load\":{\"model\":\"open\",\"stages\":[{\"duration\":\"10s\",\"target\":5}]}}";
        const ParseResult r = parseStrategy(doc);
        QVERIFY(r.ok());
        QCOMPARE(
            canonicalJson(*r.strategy),
            QByteArray(
                "{\"description\":\"\",\"load\":{\"max_connections\":64,\"model\":\"open\",\"rate_cap\":null,"
                "\"request_timeout\":\"10s\",\"stages\":[{\"duration\":\"10s\",\"ramp\":\"linear\","
                "\"target\":5}],"
                "\"think_time\":\"0s\"},\"monitoring\":{\"host\":true,\"interval\":\"1s\",\"processes\":[],"
                "\"prometheus\":[]},\"name\":\"Smoke\",\"notifications\":[],\"owner\":\"\",\"prerequisites\":"
                "[],"
                "\"risks\":[],\"rollback\":{\"procedures\":[],\"triggers\":[]},\"safety_level\":\"low\","
                "\"safety_limits\":[],\"schema\":1,\"success_criteria\":[],\"tags\":[],\"targets\":[{"
                "\"body\":\"\","
                "\"expect_status\":null,\"headers\":[],\"method\":\"GET\",\"name\":\"home\",\"url\":\"http://"
                "127.0.0.1:8080/\","
                "\"weight\":1}],\"type\":\"load\",\"windows\":[]}"));
    }

    // Content hashes computed by the version before schema 2 (loadwright import, then `strategies
    // --json`), so approvals of these revisions stay valid.
    void schema1HashesMatchEarlierVersions_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("hash");
        QTest::newRow("demo-load") << "demo-load.json"
                                   << "50584eba58b95c27d4ef987db4d159e9e04ac9cbb03907201bd278ba7ccf49e5";
        QTest::newRow("canary") << "canary-high-risk.json"
                                << "a861b2399ea764fdfa92bcda8fac94eed8d0717436a1f9377aa439e875300bd9";
        QTest::newRow("closed") << "closed-model.json"
                                << "6c75d9b04fe263e12474205e6abc0842de77006883410ab026a41b54fbdce47b";
    }
    void schema1HashesMatchEarlierVersions()
    {
        QFETCH(QString, file);
        QFETCH(QString, hash);
        const ParseResult r = parseStrategy(test::readSample(file));
        QVERIFY(r.ok());
        QCOMPARE(contentHash(*r.strategy), hash);
    }

    void schema1RefusesSchema2Fields()
    {
        const ParseResult r =
            parseStrategy("{\"schema\":1,\"name\":\"x\",\"type\":\"load\",\"safety_level\":\"low\", "
                          "\"targets\":[{\"name\":\"a\",\"url\":\"http://127.0.0.1/\"}],\"scenarios\":[], "
                          "\"load\":{\"model\":\"open\",\"stages\":[{\"duration\":\"1s\",\"target\":1}]}}");
        QVERIFY(!r.ok());
        QVERIFY2(texts(r.issues).join(QLatin1Char('\n')).contains(QLatin1String("scenarios: unknown field")),
                 qPrintable(texts(r.issues).join(QLatin1Char('\n'))));
    }

    void newerSchemaRefused()
    {
        const ParseResult r = parseStrategy("{\"schema\":3,\"name\":\"x\"}");
        QCOMPARE(r.issues.size(), 1);
        QVERIFY(r.issues[0].message.contains(QLatin1String("needs a newer Loadwright")));
    }

    void journeyLoadsWithItsData()
    {
        const ParseResult r = loadStrategyFile(journeyPath(), kNoEnvironment);
        QVERIFY2(r.ok(), qPrintable(texts(r.issues).join(QLatin1Char('\n'))));
        const Strategy &s = *r.strategy;
        QCOMPARE(s.schemaVersion(), 2);
        QCOMPARE(s.scenarios.size(), 1);
        QCOMPARE(s.scenarios[0].steps.size(), 4);
        QCOMPARE(s.data.size(), 1);
        QVERIFY(s.data[0].order == DataOrder::Unique);
        QCOMPARE(s.data[0].sha256.size(), 64);
        QCOMPARE(dataColumns(s.data[0]),
                 (QStringList{QStringLiteral("username"), QStringLiteral("password")}));
        // Written and read back: the same strategy, schema 2.
        const QByteArray written = toJson(s);
        QVERIFY(written.startsWith("{\n  \"schema\": 2,"));
        const ParseResult again = parseStrategy(written);
        QVERIFY(again.ok());
        QCOMPARE(*again.strategy, s);
        QCOMPARE(contentHash(*again.strategy), contentHash(s));
    }

    // The data file is part of the content hash: an approval covers the exact rows.
    void dataChangesTheHash()
    {
        QTemporaryDir dir;
        const ParseResult a = loadStrategyFile(patchedJourney(dir, {}), kNoEnvironment);
        QVERIFY(a.ok());
        const ParseResult b = loadStrategyFile(
            patchedJourney(dir, {}, "username,password\nuser0001,secret-0001\n"), kNoEnvironment);
        QVERIFY(b.ok());
        QVERIFY(contentHash(*a.strategy) != contentHash(*b.strategy));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("patches");
        QTest::addColumn<QString>("file"); // data file to write instead of the users CSV ("" keeps it)
        QTest::addColumn<QString>("expected");
        const QString step2 = QStringLiteral("scenarios[0].steps[2]");
        QTest::newRow("unknown variable")
            << QStringList{QStringLiteral("/scenarios/0/steps/2/body=\"{{basket}}\"")} << QString()
            << step2 + QStringLiteral(".body: {{basket}} is not defined");
        QTest::newRow("forward reference")
            << QStringList{QStringLiteral("/scenarios/0/steps/1/url=\"http://127.0.0.1:8080/api/"
                                          "catalogue?t={{token}}x{{product}}\"")}
            << QString()
            << QStringLiteral(
                   "scenarios[0].steps[1].url: {{product}} is extracted from this step's own response");
        QTest::newRow("used before extracted")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/body=\"{{product}}\"")} << QString()
            << QStringLiteral("scenarios[0].steps[0].body: {{product}} is used before it is extracted: "
                              "scenarios[0].steps[1] sets it");
        QTest::newRow("unknown column")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/body=\"{{users.email}}\"")} << QString()
            << QStringLiteral("scenarios[0].steps[0].body: {{users.email}}: data source \"users\" has no "
                              "column \"email\"");
        QTest::newRow("unknown data source")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/body=\"{{people.name}}\"")} << QString()
            << QStringLiteral(
                   "scenarios[0].steps[0].body: {{people.name}}: there is no data source named \"people\"");
        QTest::newRow("unclosed reference")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/body=\"{{users.username\"")} << QString()
            << QStringLiteral("scenarios[0].steps[0].body: offset 0: \"{{\" without a closing \"}}\"");
        QTest::newRow("bad JSON pointer")
            << QStringList{QStringLiteral("/scenarios/0/steps/1/extract/0/expression=\"/items/~2\"")}
            << QString()
            << QStringLiteral("scenarios[0].steps[1].extract[0].expression: JSON pointer: escape character "
                              "'~' must be followed with '0' or '1'");
        QTest::newRow("bad JSONPath")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/extract/0/expression=\"$.items[?(@.id)]\"")}
            << QString()
            << QStringLiteral(
                   "scenarios[0].steps[0].extract[0].expression: JSONPath: [?(@.id)] is not supported");
        QTest::newRow("neither pointer nor path")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/extract/0/expression=\"token\"")} << QString()
            << QStringLiteral(
                   "scenarios[0].steps[0].extract[0].expression: \"token\" is neither a JSON pointer");
        QTest::newRow("regex does not compile")
            << QStringList{QStringLiteral(
                   "/scenarios/0/steps/0/extract/"
                   "0={\"var\":\"token\",\"from\":\"regex\",\"expression\":\"tok(en\"}")}
            << QString()
            << QStringLiteral(
                   "scenarios[0].steps[0].extract[0].expression: the regular expression does not compile");
        QTest::newRow("regex group missing")
            << QStringList{QStringLiteral(
                   "/scenarios/0/steps/0/extract/"
                   "0={\"var\":\"token\",\"from\":\"regex\",\"expression\":\"token\",\"group\":1}")}
            << QString()
            << QStringLiteral(
                   "scenarios[0].steps[0].extract[0].group: the expression has 0 capture group(s)");
        QTest::newRow("check regex")
            << QStringList{QStringLiteral("/scenarios/0/steps/3/checks/"
                                          "0={\"name\":\"m\",\"type\":\"body_matches\",\"value\":\"[a-\"}")}
            << QString()
            << QStringLiteral(
                   "scenarios[0].steps[3].checks[0].value: the regular expression does not compile");
        QTest::newRow("duplicate check name")
            << QStringList{QStringLiteral("/scenarios/0/steps/3/checks/1/name=\"order placed\"")} << QString()
            << QStringLiteral("scenarios[0].steps[3].checks[1].name: \"order placed\" is already used");
        QTest::newRow("extraction shadows built-in")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/extract/0/var=\"uuid\"")} << QString()
            << QStringLiteral("scenarios[0].steps[0].extract[0].var: \"uuid\" is a built-in variable");
        QTest::newRow("transaction not consecutive")
            << QStringList{QStringLiteral("/scenarios/0/steps/2/transaction=\"sign-in\""),
                           QStringLiteral("/scenarios/0/steps/3/transaction=\"\"")}
            << QString()
            << step2 + QStringLiteral(".transaction: transaction \"sign-in\" must group consecutive steps");
        QTest::newRow("step name clash")
            << QStringList{QStringLiteral("/scenarios/0/steps/1/name=\"login\"")} << QString()
            << QStringLiteral(
                   "scenarios[0].steps[1].name: \"login\" is already used by scenarios[0].steps[0]");
        QTest::newRow("missing data file") << QStringList{QStringLiteral("/data/0/file=\"nowhere.csv\"")}
                                           << QString() << QStringLiteral("data[0].file: cannot read ");
        QTest::newRow("ragged CSV row")
            << QStringList() << QStringLiteral("ragged.csv")
            << QStringLiteral("data[0].file: journey-users.csv line 3: 1 field, the header has 2");
        QTest::newRow("bad data file name")
            << QStringList{QStringLiteral("/data/0/file=\"users.txt\"")} << QString()
            << QStringLiteral("data[0].file: \"users.txt\": the file name must end in .csv");
        QTest::newRow("randomInt bounds")
            << QStringList{QStringLiteral(
                   "/scenarios/0/steps/1/url=\"http://127.0.0.1:8080/{{randomInt(9,1)}}\"")}
            << QString()
            << QStringLiteral(
                   "scenarios[0].steps[1].url: offset 22: randomInt(9,1): low is greater than high");
        QTest::newRow("unknown on_failure")
            << QStringList{QStringLiteral("/scenarios/0/steps/0/on_failure=\"retry\"")} << QString()
            << QStringLiteral("scenarios[0].steps[0].on_failure: \"retry\" is not allowed");
        QTest::newRow("no steps") << QStringList{QStringLiteral("/scenarios/0/steps=[]")} << QString()
                                  << QStringLiteral("scenarios[0].steps: needs at least one step");
    }

    void badInput()
    {
        QFETCH(QStringList, patches);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QByteArray csv = file.isEmpty()
                                   ? QByteArray()
                                   : test::readFile(QFINDTESTDATA(QStringLiteral("scenarios/") + file));
        const ParseResult r = loadStrategyFile(patchedJourney(dir, patches, csv), kNoEnvironment);
        QVERIFY(!r.strategy);
        const QString all = texts(r.issues).join(QLatin1Char('\n'));
        QVERIFY2(all.contains(expected),
                 qPrintable(QStringLiteral("expected: ") + expected + QStringLiteral("\ngot:\n") + all));
    }

    void jsonLinesData()
    {
        DataSource d;
        d.file = QStringLiteral("users.jsonl");
        d.content = test::readFile(QFINDTESTDATA("scenarios/ragged.jsonl"));
        QString error;
        int line = 0;
        QVERIFY(dataColumns(d, &error, &line).isEmpty());
        QCOMPARE(line, 2);
        QCOMPARE(error, QStringLiteral("1 fields, the first line has 2"));
        d.content = "{\"username\":\"a\",\"id\":7}\n\n{\"id\":8,\"username\":\"b\"}\n";
        QCOMPARE(dataColumns(d, &error), (QStringList{QStringLiteral("id"), QStringLiteral("username")}));
    }

    // A document that only has targets with "schema": 2 is a schema-1 strategy in memory and on disk.
    void schema2WithTargetsOnlyWritesSchema1()
    {
        const ParseResult r =
            parseStrategy("{\"schema\":2,\"name\":\"x\",\"type\":\"load\",\"safety_level\":\"low\", "
                          "\"targets\":[{\"name\":\"a\",\"url\":\"http://127.0.0.1/\"}], "
                          "\"load\":{\"model\":\"open\",\"stages\":[{\"duration\":\"1s\",\"target\":1}]}}");
        QVERIFY(r.ok());
        QVERIFY(toJson(*r.strategy).startsWith("{\n  \"schema\": 1,"));
    }

    // "enabled" is written only when false: journeys without disabled steps keep their bytes and
    // hash; a disabled step round-trips and changes the hash.
    void disabledStepRoundTrip()
    {
        const ParseResult r = loadStrategyFile(journeyPath(), kNoEnvironment);
        QVERIFY(r.ok());
        Strategy s = *r.strategy;
        QVERIFY(s.scenarios[0].steps[1].enabled);
        QVERIFY(!toJson(s).contains("\"enabled\""));
        QVERIFY(!canonicalJson(s).contains("\"enabled\""));
        const QString before = contentHash(s);
        s.scenarios[0].steps[1].enabled = false;
        const QByteArray written = toJson(s);
        QCOMPARE(written.count("\"enabled\": false"), 1);
        QVERIFY(contentHash(s) != before);
        const ParseResult again = parseStrategy(written);
        QVERIFY(again.ok());
        QVERIFY(!again.strategy->scenarios[0].steps[1].enabled);
        QVERIFY(again.strategy->scenarios[0].steps[0].enabled);
        Strategy enabledAgain = *again.strategy;
        enabledAgain.scenarios[0].steps[1].enabled = true;
        QCOMPARE(contentHash(enabledAgain), before);
        // Strict reading: "enabled" must be a boolean.
        const ParseResult wrong =
            parseStrategy(QByteArray(written).replace("\"enabled\": false", "\"enabled\": 0"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.issues.value(0).path, QStringLiteral("scenarios[0].steps[1].enabled"));
    }

    // A disabled step defines no variable: a later use of what only it extracts is "not defined",
    // and the message says which disabled step extracts it.
    void disabledStepDefinesNothing()
    {
        const ParseResult r = loadStrategyFile(journeyPath(), kNoEnvironment);
        QVERIFY(r.ok());
        Strategy s = *r.strategy;
        s.scenarios[0].steps[0].enabled = false; // login extracts token
        const QStringList issues = texts(validateStrategy(s, kNoEnvironment));
        QVERIFY2(
            issues.contains(QStringLiteral(
                "scenarios[0].steps[2].headers[1].value: {{token}} is not defined: no extraction of this "
                "scenario, data column or built-in (vu, iteration, uuid, now, randomInt(a,b)) has that "
                "name (scenarios[0].steps[2]); scenarios[0].steps[0] extracts it but is disabled")),
            qPrintable(issues.join(QLatin1Char('\n'))));
        // Its own references are not checked any more (it is not sent).
        s.scenarios[0].steps[0].body = QStringLiteral("{{nothing}}");
        for (const QString &i : texts(validateStrategy(s, kNoEnvironment)))
            QVERIFY2(!i.startsWith(QLatin1String("scenarios[0].steps[0].body")), qPrintable(i));
        // Disabling a step between two of one transaction does not split it.
        Strategy t = *r.strategy;
        t.scenarios[0].steps[1].transaction.clear();
        t.scenarios[0].steps[2].transaction = QStringLiteral("sign-in");
        QVERIFY(!validateStrategy(t, kNoEnvironment).isEmpty());
        t.scenarios[0].steps[1].enabled = false;
        t.scenarios[0].steps[2].body = QStringLiteral("{}"); // product came from the disabled step
        QVERIFY2(validateStrategy(t, kNoEnvironment).isEmpty(),
                 qPrintable(texts(validateStrategy(t, kNoEnvironment)).join(QLatin1Char('\n'))));
        // Every step disabled: the scenario would send nothing.
        for (Step &st : s.scenarios[0].steps)
            st.enabled = false;
        QVERIFY(
            texts(validateStrategy(s, kNoEnvironment))
                .contains(QStringLiteral("scenarios[0].steps: every step is disabled, so the scenario would "
                                         "send nothing; enable at least one")));
    }

    void runtimeVariableIndex()
    {
        const ParseResult r = loadStrategyFile(journeyPath(), kNoEnvironment);
        QVERIFY(r.ok());
        Strategy s = *r.strategy;
        s.scenarios[0].steps[3].url += QStringLiteral("?n={{ randomInt(1,9) }}&b={{basket}}");
        QHash<QString, RuntimeVariable> byName;
        for (const RuntimeVariable &v : runtimeVariables(s))
            byName.insert(v.name, v);
        QVERIFY(byName.value(QStringLiteral("token")).kind == RuntimeVariable::Kind::Extracted);
        QCOMPARE(byName.value(QStringLiteral("token")).definedAt,
                 QStringList{QStringLiteral("scenarios[0].steps[0].extract[0]")});
        QCOMPARE(byName.value(QStringLiteral("token")).usedAt,
                 (QStringList{QStringLiteral("scenarios[0].steps[2].headers[1].value"),
                              QStringLiteral("scenarios[0].steps[3].headers[0].value")}));
        QVERIFY(byName.value(QStringLiteral("users.username")).kind == RuntimeVariable::Kind::DataColumn);
        QCOMPARE(byName.value(QStringLiteral("users.username")).definedAt,
                 QStringList{QStringLiteral("data[0]")});
        QVERIFY(byName.value(QStringLiteral("randomInt(1,9)")).kind == RuntimeVariable::Kind::Builtin);
        QVERIFY(byName.value(QStringLiteral("basket")).kind == RuntimeVariable::Kind::Undefined);
        QCOMPARE(byName.value(QStringLiteral("basket")).usedAt,
                 QStringList{QStringLiteral("scenarios[0].steps[3].url")});
        QCOMPARE(byName.value(QStringLiteral("session")).definedAt,
                 QStringList{QStringLiteral("scenarios[0].steps[0].extract[1]")});
        QCOMPARE(byName.value(QStringLiteral("session")).usedAt,
                 QStringList{QStringLiteral("scenarios[0].steps[3].headers[1].value")});
        // One malformed reference does not hide the others of the same text.
        QCOMPARE(runtimeReferences(QStringLiteral("{{a}} {{ b c }} {{users.x}}")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("users.x")}));
    }

    void dataPreviewOfTheJourneyUsers()
    {
        DataSource d;
        d.file = QStringLiteral("journey-users.csv");
        d.content = test::readSample(QStringLiteral("journey-users.csv"));
        const DataPreview p = previewData(d, 10);
        QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
        QCOMPARE(p.columns, (QStringList{QStringLiteral("username"), QStringLiteral("password")}));
        QCOMPARE(p.rowCount, 300);
        QCOMPARE(p.rows.size(), 10);
        QCOMPARE(p.rows[0], (QStringList{QStringLiteral("user0001"), QStringLiteral("secret-0001")}));
        QCOMPARE(p.rows[9], (QStringList{QStringLiteral("user0010"), QStringLiteral("secret-0010")}));
        d.content = test::readFile(QFINDTESTDATA("scenarios/ragged.csv"));
        const DataPreview bad = previewData(d, 10);
        QVERIFY(!bad.error.isEmpty());
        QVERIFY(bad.line > 0);
        QVERIFY(bad.rows.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStrategyScenarios)
#include "tst_strategyscenarios.moc"
