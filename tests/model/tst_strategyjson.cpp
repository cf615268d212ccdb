// Strategy JSON: loss-free round trip, canonical form and hash, and the strict reader's messages.

#include "model/strategyjson.h"
#include "model/strategytemplates.h"
#include "model/strategyvalidator.h"
#include "modeltestutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace lw;

namespace {

QStringList issueTexts(const QList<ValidationIssue> &issues)
{
    QStringList out;
    for (const ValidationIssue &i : issues)
        out.append(i.toString());
    return out;
}

QByteArray sampleJson()
{
    return test::readSample(QStringLiteral("canary-high-risk.json"));
}

// Applies a JSON pointer replacement to the canary sample (value "null" with remove=true deletes).
QByteArray patched(const char *pointer, const char *valueJson, bool remove = false)
{
    const QByteArray src = sampleJson();
    nlohmann::json j = nlohmann::json::parse(src.constBegin(), src.constEnd());
    const nlohmann::json::json_pointer ptr(pointer);
    if (remove)
        j[ptr.parent_pointer()].erase(ptr.back());
    else
        j[ptr] = nlohmann::json::parse(valueJson);
    const std::string out = j.dump(2);
    return QByteArray(out.data(), qsizetype(out.size()));
}

} // namespace

class TestStrategyJson : public QObject
{
    Q_OBJECT

private slots:
    void samplesAreShippedAsResources()
    {
        const QStringList files = test::sampleFiles();
        QVERIFY(files.contains(QStringLiteral("demo-load.json")));
        QVERIFY(files.contains(QStringLiteral("canary-high-risk.json")));
        for (const QString &name : files) {
            QFile resource(QStringLiteral(":/strategies/") + name);
            QVERIFY2(resource.open(QIODevice::ReadOnly),
                     qPrintable(name + QStringLiteral(" is not a resource")));
            QCOMPARE(resource.readAll(), test::readSample(name));
        }
    }

    void roundTripSamples_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &name : test::sampleFiles())
            QTest::newRow(qPrintable(name)) << name;
    }

    void roundTripSamples()
    {
        QFETCH(QString, file);
        const ParseResult first = parseStrategy(test::readSample(file));
        QVERIFY2(first.ok(), qPrintable(issueTexts(first.issues).join(QLatin1Char('\n'))));
        const QByteArray written = toJson(*first.strategy);
        const ParseResult second = parseStrategy(written);
        QVERIFY2(second.ok(), qPrintable(issueTexts(second.issues).join(QLatin1Char('\n'))));
        QVERIFY(*second.strategy == *first.strategy);
        QCOMPARE(toJson(*second.strategy), written);
        QCOMPARE(canonicalJson(*second.strategy), canonicalJson(*first.strategy));
        QCOMPARE(contentHash(*second.strategy), contentHash(*first.strategy));
        // The compact form reads back the same too.
        const ParseResult compact = parseStrategy(toJson(*first.strategy, false));
        QVERIFY(compact.ok());
        QVERIFY(*compact.strategy == *first.strategy);
        // The canonical form is itself a valid document.
        const ParseResult canonical = parseStrategy(canonicalJson(*first.strategy));
        QVERIFY(canonical.ok());
        QVERIFY(*canonical.strategy == *first.strategy);
    }

    void roundTripTemplates_data()
    {
        QTest::addColumn<int>("type");
        for (StrategyType t : allStrategyTypes())
            QTest::newRow(qPrintable(toString(t))) << int(t);
    }

    void roundTripTemplates()
    {
        QFETCH(int, type);
        const Strategy s = strategyTemplate(StrategyType(type));
        const ParseResult parsed = parseStrategy(toJson(s));
        QVERIFY2(parsed.ok(), qPrintable(issueTexts(parsed.issues).join(QLatin1Char('\n'))));
        QVERIFY(*parsed.strategy == s);
        QCOMPARE(canonicalJson(*parsed.strategy), canonicalJson(s));
    }

    // Throttle settings and bounds relative to the baseline are written only where they are used, read
    // back equal, and change the hash; a limit without them keeps the bytes it had before.
    void throttleAndBaselineBoundsRoundTrip()
    {
        const Strategy base = *parseStrategy(sampleJson()).strategy;
        Strategy s = base;
        s.safetyLimits[3].action = SafetyAction::Throttle;
        s.safetyLimits[3].throttle = ThrottleSpec{0.25, 20, QStringLiteral("30s")};
        s.safetyLimits[1].baselineChange = QStringLiteral("+20%");
        s.successCriteria[1].baselineChange = QStringLiteral("+50ms");
        s.successCriteria[3].baselineChange = QStringLiteral("10%");
        const QByteArray written = toJson(s);
        const ParseResult back = parseStrategy(written);
        QVERIFY2(back.ok(), qPrintable(issueTexts(back.issues).join(QLatin1Char('\n'))));
        QVERIFY(*back.strategy == s);
        QCOMPARE(toJson(*back.strategy), written);
        QVERIFY(contentHash(s) != contentHash(base));

        const QJsonObject doc = QJsonDocument::fromJson(written).object();
        const QJsonArray limits = doc.value(QStringLiteral("safety_limits")).toArray();
        const QJsonObject throttle = limits.at(3).toObject();
        QCOMPARE(throttle.value(QStringLiteral("action")).toString(), QStringLiteral("throttle"));
        QCOMPARE(throttle.value(QStringLiteral("factor")).toDouble(), 0.25);
        QCOMPARE(throttle.value(QStringLiteral("floor")).toDouble(), 20.0);
        QCOMPARE(throttle.value(QStringLiteral("cooldown")).toString(), QStringLiteral("30s"));
        QVERIFY(!limits.at(0).toObject().contains(QStringLiteral("factor")));
        const QJsonObject relative = limits.at(1).toObject();
        QCOMPARE(relative.value(QStringLiteral("max_latency_increase")).toString(), QStringLiteral("+20%"));
        QVERIFY(!relative.contains(QStringLiteral("threshold")));
        const QJsonArray criteria = doc.value(QStringLiteral("success_criteria")).toArray();
        QCOMPARE(criteria.at(3).toObject().value(QStringLiteral("max_throughput_decrease")).toString(),
                 QStringLiteral("10%"));
        QVERIFY(!criteria.at(1).toObject().contains(QStringLiteral("operator")));
        QVERIFY(criteria.at(0).toObject().contains(QStringLiteral("operator")));

        // The unchanged sample writes exactly what it did before these fields existed.
        QVERIFY(!toJson(base).contains("factor"));
        QVERIFY(!toJson(base).contains("max_latency_increase"));
        // A throttle limit's factor is a setting of the throttle only.
        Strategy stop = s;
        stop.safetyLimits[3].action = SafetyAction::Stop;
        QVERIFY(!toJson(stop).contains("\"factor\""));
    }

    void toJsonPutsSchemaFirstAndKeepsIntegers()
    {
        const ParseResult r = parseStrategy(test::readSample(QStringLiteral("demo-load.json")));
        QVERIFY(r.ok());
        const QByteArray json = toJson(*r.strategy);
        QVERIFY(json.startsWith("{\n  \"schema\": 1,\n  \"name\": "));
        QVERIFY(json.contains("\"target\": 50,"));
        QVERIFY(!json.contains("50.0"));
        QVERIFY(json.endsWith("}\n"));
    }

    void doublesUseShortestForm()
    {
        Strategy s = strategyTemplate(StrategyType::Load);
        s.targets[0].weight = 0.1;
        s.load.stages[0].target = 12.5;
        s.load.rateCap = 1.0 / 3.0;
        const QByteArray json = canonicalJson(s);
        QVERIFY(json.contains("\"weight\":0.1}"));
        QVERIFY(json.contains("\"target\":12.5}"));
        QVERIFY(json.contains("\"rate_cap\":0.3333333333333333,"));
        const ParseResult r = parseStrategy(json);
        QVERIFY(r.ok());
        QCOMPARE(*r.strategy->load.rateCap, 1.0 / 3.0);
        QVERIFY(*r.strategy == s);
    }

    void canonicalIsKeySortedAndCompact()
    {
        const Strategy s = strategyTemplate(StrategyType::Canary);
        const QByteArray c = canonicalJson(s);
        QVERIFY(!c.contains('\n'));
        QVERIFY(c.startsWith("{\"description\":"));
        const nlohmann::json j = nlohmann::json::parse(c.constBegin(), c.constEnd());
        const std::string again = j.dump();
        QCOMPARE(c, QByteArray(again.data(), qsizetype(again.size())));
    }

    void hashIgnoresKeyOrderAndWhitespace()
    {
        const QByteArray original = test::readSample(QStringLiteral("canary-high-risk.json"));
        const ParseResult a = parseStrategy(original);
        QVERIFY(a.ok());
        // Same content, keys in reverse order, different whitespace: nlohmann's ordered_json keeps
        // insertion order, so build it reversed on purpose.
        const nlohmann::json sorted = nlohmann::json::parse(original.constBegin(), original.constEnd());
        std::function<nlohmann::ordered_json(const nlohmann::json &)> reverse = [&](const nlohmann::json &v) {
            if (v.is_object()) {
                nlohmann::ordered_json o = nlohmann::ordered_json::object();
                for (auto it = v.crbegin(); it != v.crend(); ++it)
                    o[it.key()] = reverse(it.value());
                return o;
            }
            if (v.is_array()) {
                nlohmann::ordered_json arr = nlohmann::ordered_json::array();
                for (const auto &item : v)
                    arr.push_back(reverse(item));
                return arr;
            }
            return nlohmann::ordered_json(v);
        };
        const std::string reordered = reverse(sorted).dump(7);
        QVERIFY(QByteArray::fromStdString(reordered).indexOf("\"windows\"") <
                QByteArray::fromStdString(reordered).indexOf("\"name\""));
        const ParseResult b = parseStrategy(QByteArray::fromStdString(reordered));
        QVERIFY(b.ok());
        QCOMPARE(contentHash(*b.strategy), contentHash(*a.strategy));
        // Explicit defaults hash like omitted ones: the hash is of the meaning, not the text.
        const ParseResult c = parseStrategy(toJson(*a.strategy));
        QCOMPARE(contentHash(*c.strategy), contentHash(*a.strategy));
        QCOMPARE(contentHash(*a.strategy).size(), 64);
        QVERIFY(
            QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(contentHash(*a.strategy)).hasMatch());
    }

    void hashChangesWithEveryField_data()
    {
        QTest::addColumn<int>("field");
        for (int i = 0; i < 41; ++i)
            QTest::newRow(qPrintable(QString::number(i))) << i;
    }

    void hashChangesWithEveryField()
    {
        QFETCH(int, field);
        const Strategy base = *parseStrategy(sampleJson()).strategy;
        Strategy s = base;
        // Each row changes one field somewhere in the model.
        switch (field) {
        case 0:
            s.name += QLatin1Char('x');
            break;
        case 1:
            s.description += QLatin1Char('x');
            break;
        case 2:
            s.owner += QLatin1Char('x');
            break;
        case 3:
            s.type = StrategyType::BlueGreen;
            break;
        case 4:
            s.safetyLevel = SafetyLevel::Critical;
            break;
        case 5:
            s.tags.append(QStringLiteral("new"));
            break;
        case 6:
            s.targets[0].method = QStringLiteral("PUT");
            break;
        case 7:
            s.targets[0].url += QLatin1Char('x');
            break;
        case 8:
            s.targets[0].headers[1].value += QLatin1Char('x');
            break;
        case 9:
            s.targets[0].body += QLatin1Char(' ');
            break;
        case 10:
            s.targets[1].weight = 1.5;
            break;
        case 11:
            s.targets[1].expectStatus.reset();
            break;
        case 12:
            s.load.model = LoadModel::Closed;
            break;
        case 13:
            s.load.stages[1].duration = QStringLiteral("7m");
            break;
        case 14:
            s.load.stages[1].target = 11;
            break;
        case 15:
            s.load.stages[1].ramp = StageRamp::Step;
            break;
        case 16:
            s.load.maxConnections = 17;
            break;
        case 17:
            s.load.requestTimeout = QStringLiteral("4s");
            break;
        case 18:
            s.load.thinkTime = QStringLiteral("1s");
            break;
        case 19:
            s.load.rateCap.reset();
            break;
        case 20:
            s.safetyLimits[0].metric = Metric{MetricKind::LatencyPercentile, 99.9};
            break;
        case 21:
            s.safetyLimits[1].metric.percentile = 98;
            break;
        case 22:
            s.safetyLimits[0].action = SafetyAction::EmergencyStop;
            break;
        case 23:
            s.rollback.triggers[0].severity = AlertSeverity::Info;
            break;
        case 24:
            s.rollback.procedures[0].verifyCommand.clear();
            break;
        case 25:
            s.rollback.procedures.move(0, 1);
            break;
        case 26:
            s.risks[0].probability = 4;
            break;
        case 27:
            s.risks[0].mitigation.actions.removeLast();
            break;
        case 28:
            s.prerequisites[0].autoCheck = false;
            break;
        case 29:
            s.prerequisites[1].minFreeMiB = 513;
            break;
        case 30:
            s.successCriteria[0].op = Comparison::Less;
            break;
        case 31:
            s.successCriteria[0].required = false;
            break;
        case 32:
            s.monitoring.host = false;
            break;
        case 33:
            s.monitoring.processes.append(ProcessWatch{qint64(1), QString()});
            break;
        case 34:
            s.monitoring.prometheus.append(PrometheusEndpoint{
                QStringLiteral("node"), QStringLiteral("http://127.0.0.1:9100/metrics"), {}});
            break;
        case 35:
            s.windows[0].days.append(Weekday::Fri);
            break;
        case 36:
            s.windows[0].end = QStringLiteral("16:01");
            break;
        case 37:
            s.notifications[0].minSeverity = AlertSeverity::Critical;
            break;
        case 38:
            s.prerequisites[2].required = false;
            break;
        case 39:
            s.successCriteria[3].threshold = 9.25;
            break;
        case 40:
            s.monitoring.hostIsTarget = true;
            break;
        }
        QVERIFY(s != base);
        QVERIFY(canonicalJson(s) != canonicalJson(base));
        QVERIFY(contentHash(s) != contentHash(base));
    }

    void syntaxErrorHasLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("contains");
        QTest::newRow("missing value") << QByteArray("{\n  \"schema\": 1,\n  \"name\": ,\n}") << 3 << 11
                                       << QStringLiteral("unexpected ','");
        QTest::newRow("trailing comma") << QByteArray("{\"schema\": 1,\n\"name\": \"x\",\n}") << 3 << 1
                                        << QStringLiteral("unexpected '}'");
        QTest::newRow("empty") << QByteArray() << 1 << 1 << QStringLiteral("unexpected end of input");
        QTest::newRow("unterminated string")
            << QByteArray("{\"name\": \"abc") << 1 << 13 << QStringLiteral("missing closing quote");
        QTest::newRow("column counts characters") << QByteArray("{\"name\": \"\xc3\xa9\xc3\xa9\" x}") << 1
                                                  << 15 << QStringLiteral("invalid literal");
        QTest::newRow("bad utf-8") << QByteArray("{\"name\": \"\xff\"}") << 1 << 11
                                   << QStringLiteral("ill-formed UTF-8");
    }

    void syntaxErrorHasLineAndColumn()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, contains);
        const ParseResult r = parseStrategy(json);
        QVERIFY(!r.strategy);
        QCOMPARE(r.issues.size(), 1);
        const ValidationIssue &issue = r.issues.first();
        QCOMPARE(issue.path, QString());
        QCOMPARE(issue.line, line);
        QCOMPARE(issue.column, column);
        QVERIFY2(issue.message.contains(contains), qPrintable(issue.message));
        QVERIFY(
            issue.toString().startsWith(QStringLiteral("json: line %1, column %2: ").arg(line).arg(column)));
        QVERIFY(!issue.message.contains(QStringLiteral("json.exception")));
    }

    void syntaxErrorMessageStaysShort()
    {
        const QByteArray json = QByteArray("{\"name\": \"") + QByteArray(1'000'000, 'a');
        const ParseResult r = parseStrategy(json);
        QCOMPARE(r.issues.size(), 1);
        QCOMPARE(r.issues.first().line, 1);
        QVERIFY(r.issues.first().message.size() <= 303);
    }

    void structuralErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown field with suggestion")
            << patched("/targets/0/metod", "\"GET\"")
            << QStringLiteral("targets[0].metod: unknown field (did you mean \"method\"?)");
        QTest::newRow("unknown top-level field with suggestion")
            << patched("/safety_limit", "[]")
            << QStringLiteral("safety_limit: unknown field (did you mean \"safety_limits\"?)");
        QTest::newRow("unknown field without suggestion")
            << patched("/load/colour", "\"blue\"")
            << QStringLiteral("load.colour: unknown field; allowed fields: model, stages, max_connections, "
                              "request_timeout, think_time, rate_cap");
        QTest::newRow("case typo") << patched("/rollback/procedures/1/Command", "\"x\"")
                                   << QStringLiteral(
                                          "rollback.procedures[1].Command: unknown field (did you mean "
                                          "\"command\"?)");
        QTest::newRow("wrong type string")
            << patched("/name", "42") << QStringLiteral("name: must be a string, not a number");
        QTest::newRow("wrong type number")
            << patched("/load/stages/1/target", "\"10\"")
            << QStringLiteral("load.stages[1].target: must be a number, not a string");
        QTest::newRow("wrong type integer") << patched("/risks/0/probability", "2.5")
                                            << QStringLiteral("risks[0].probability: must be a whole number");
        QTest::newRow("integer out of range") << patched("/load/max_connections", "99999999999")
                                              << QStringLiteral("load.max_connections: is out of range");
        QTest::newRow("wrong type bool")
            << patched("/prerequisites/0/required", "\"yes\"")
            << QStringLiteral("prerequisites[0].required: must be true or false, not a "
                              "string");
        QTest::newRow("wrong type array")
            << patched("/targets", "{}") << QStringLiteral("targets: must be an array, not an object");
        QTest::newRow("wrong type object")
            << patched("/load", "[]") << QStringLiteral("load: must be an object, not an array");
        QTest::newRow("null for required") << patched("/targets/0/url", "null")
                                           << QStringLiteral("targets[0].url: must be a string, not null");
        QTest::newRow("string list item")
            << patched("/tags/1", "7") << QStringLiteral("tags[1]: must be a string, not a number");
        QTest::newRow("bad enum with suggestion")
            << patched("/type", "\"canery\"")
            << QStringLiteral(
                   "type: \"canery\" is not allowed (did you mean \"canary\"?); expected one of: load, "
                   "stress, spike, soak, canary, blue-green, ab, shadow, chaos, volume");
        QTest::newRow("bad safety level")
            << patched("/safety_level", "\"extreme\"")
            << QStringLiteral("safety_level: \"extreme\" is not allowed; expected one of: low, medium, high, "
                              "critical");
        QTest::newRow("bad action") << patched("/safety_limits/0/action", "\"emergency-stop\"")
                                    << QStringLiteral(
                                           "safety_limits[0].action: \"emergency-stop\" is not allowed "
                                           "(did you mean \"emergency_stop\"?); expected one of: alert, "
                                           "stop, emergency_stop, rollback, throttle");
        QTest::newRow("bad operator")
            << patched("/success_criteria/0/operator", "\"=<\"")
            << QStringLiteral("success_criteria[0].operator: \"=<\" is not allowed (did "
                              "you mean \"<=\"?); expected one of: <, <=, >, >=");
        QTest::newRow("bad weekday") << patched("/windows/0/days/1", "\"wednesday\"")
                                     << QStringLiteral(
                                            "windows[0].days[1]: \"wednesday\" is not allowed; expected "
                                            "one of: mon, tue, wed, thu, fri, sat, sun");
        QTest::newRow("bad prerequisite type")
            << patched("/prerequisites/0/type", "\"https\"")
            << QStringLiteral(
                   "prerequisites[0].type: \"https\" is not allowed (did you mean \"http\"?); expected "
                   "one of: http, tcp, command, disk, manual");
        QTest::newRow("bad metric") << patched("/safety_limits/1/metric", "\"p99,9\"")
                                    << QStringLiteral(
                                           "safety_limits[1].metric: \"p99,9\" is not a metric (did you "
                                           "mean \"p99.9\"?); expected a latency percentile such as p50, "
                                           "p95, p99 or p99.9, or one of: mean, max, throughput, "
                                           "error_rate, cpu, memory, check_failure_rate");
        QTest::newRow("missing required field")
            << patched("/targets/1/url", "null", true) << QStringLiteral("targets[1].url: is required");
        QTest::newRow("missing load")
            << patched("/load", "null", true) << QStringLiteral("load: is required");
        QTest::newRow("missing stage target") << patched("/load/stages/0/target", "null", true)
                                              << QStringLiteral("load.stages[0].target: is required");
        QTest::newRow("not an object")
            << QByteArray("[1, 2]") << QStringLiteral("json: a strategy must be a JSON object, not an array");
        QTest::newRow("schema missing")
            << patched("/schema", "null", true)
            << QStringLiteral("schema: is required (a strategy document starts with \"schema\": 1 or 2)");
        QTest::newRow("schema wrong type")
            << patched("/schema", "\"1\"")
            << QStringLiteral("schema: must be the integer 1 or 2, not a string");
        QTest::newRow("schema zero") << patched("/schema", "0") << QStringLiteral("schema: must be 1 or 2");
        QTest::newRow("schema newer")
            << patched("/schema", "3")
            << QStringLiteral("schema: this file needs a newer Loadwright (it uses schema "
                              "3; this version reads schema 1 and 2)");
        QTest::newRow("duplicate key") << QByteArray(sampleJson())
                                              .replace("\"owner\": \"payments-sre\",",
                                                       "\"owner\": \"payments-sre\", \"owner\": \"someone\",")
                                       << QStringLiteral("owner: duplicate field");
        QTest::newRow("nested duplicate key")
            << QByteArray(sampleJson())
                   .replace("\"timeout\": \"30s\",", "\"timeout\": \"30s\", \"timeout\": \"1s\",")
            << QStringLiteral("rollback.procedures[0].timeout: duplicate field");
    }

    void structuralErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const ParseResult r = parseStrategy(json);
        QVERIFY(!r.strategy);
        QCOMPARE(issueTexts(r.issues), QStringList{expected});
    }

    void newerSchemaReportsOnlyTheSchema()
    {
        QByteArray json = patched("/schema", "3");
        json.replace("\"owner\"", "\"owners\"");
        const ParseResult r = parseStrategy(json);
        QCOMPARE(r.issues.size(), 1);
        QCOMPARE(r.issues.first().path, QStringLiteral("schema"));
        QVERIFY(r.issues.first().message.contains(QStringLiteral("needs a newer Loadwright")));
    }

    void reportsEveryProblemAtOnce()
    {
        QByteArray json = sampleJson();
        json.replace("\"method\": \"POST\"", "\"metod\": \"POST\"");
        json.replace("\"safety_level\": \"high\"", "\"safety_level\": 3");
        json.replace("\"probability\": 3", "\"probability\": \"3\"");
        json.replace("\"model\": \"open\"", "\"model\": \"opened\"");
        const ParseResult r = parseStrategy(json);
        QVERIFY(!r.strategy);
        QCOMPARE(
            issueTexts(r.issues),
            (QStringList{QStringLiteral("safety_level: must be a string, not a number"),
                         QStringLiteral("targets[0].metod: unknown field (did you mean \"method\"?)"),
                         QStringLiteral("load.model: \"opened\" is not allowed (did you mean \"open\"?); "
                                        "expected one of: open, closed"),
                         QStringLiteral("risks[0].probability: must be an integer, not a string")}));
    }

    void oversizedFileIsRefused()
    {
        QByteArray json = sampleJson();
        json.replace("\"body\": \"",
                     QByteArray(QByteArray("\"body\": \"") + QByteArray(kMaxStrategyBytes, 'a')));
        QVERIFY(json.size() > kMaxStrategyBytes);
        const ParseResult r = parseStrategy(json);
        QVERIFY(!r.strategy);
        QCOMPARE(r.issues.size(), 1);
        QCOMPARE(
            r.issues.first().toString(),
            QStringLiteral("json: the file is %1 bytes; strategy documents are limited to 4194304 bytes (4 "
                           "MiB)")
                .arg(json.size()));
        // Just under the limit is read normally.
        QByteArray big = sampleJson();
        big.replace("\"body\": \"", QByteArray(QByteArray("\"body\": \"") +
                                               QByteArray(kMaxStrategyBytes - big.size() - 64, 'a')));
        QVERIFY(big.size() <= kMaxStrategyBytes);
        QVERIFY(parseStrategy(big).ok());
    }

    void issueListIsBounded()
    {
        QByteArray json = "{\"schema\":1,\"name\":\"n\",\"type\":\"load\",\"safety_level\":\"low\","
                          "\"load\":{\"model\":\"open\",\"stages\":[]},\"targets\":[{}";
        for (int i = 0; i < 999; ++i)
            json += ",{}";
        json += "]}";
        const ParseResult r = parseStrategy(json);
        QCOMPARE(r.issues.size(), kMaxListedIssues + 1);
        QCOMPARE(r.issues[0].toString(), QStringLiteral("targets[0].name: is required"));
        QCOMPARE(r.issues.last().toString(),
                 QStringLiteral("json: 1500 more problems not listed; fix the ones above first"));

        Strategy s = *parseStrategy(test::readSample(QStringLiteral("demo-load.json"))).strategy;
        for (int i = 0; i < 600; ++i)
            s.tags.append(QString());
        const QList<ValidationIssue> issues = validateStrategy(s, Variables{{}, false});
        QCOMPARE(issues.size(), kMaxListedIssues + 1);
        QCOMPARE(issues.last().message,
                 QStringLiteral("100 more problems not listed; fix the ones above first"));
    }

    void optionalValuesAcceptNullAndAbsence()
    {
        const ParseResult withNull = parseStrategy(patched("/targets/0/expect_status", "null"));
        QVERIFY(withNull.ok());
        QVERIFY(!withNull.strategy->targets[0].expectStatus);
        const ParseResult absent = parseStrategy(patched("/load/rate_cap", "null", true));
        QVERIFY(absent.ok());
        QVERIFY(!absent.strategy->load.rateCap);
    }

    void defaultsApplyToOmittedFields()
    {
        const QByteArray minimal =
            "{\"schema\": 1, \"name\": \"m\", \"type\": \"load\", \"safety_level\": \"low\","
            "\"targets\": [{\"name\": \"t\", \"url\": \"http://127.0.0.1:1/\"}],"
            "\"load\": {\"model\": \"open\", \"stages\": [{\"duration\": \"1s\", \"target\": 1}]}}";
        const ParseResult r = parseStrategy(minimal);
        QVERIFY(r.ok());
        const Strategy &s = *r.strategy;
        QCOMPARE(s.targets[0].method, QStringLiteral("GET"));
        QCOMPARE(s.targets[0].weight, 1.0);
        QCOMPARE(s.load.maxConnections, 64);
        QCOMPARE(s.load.requestTimeout, QStringLiteral("10s"));
        QVERIFY(s.load.stages[0].ramp == StageRamp::Linear);
        QVERIFY(s.monitoring.host);
        QVERIFY(!s.monitoring.hostIsTarget);
        // Optional and written only when set: a document without it keeps its exact form.
        QVERIFY(!toJson(s).contains("host_is_target"));
        Strategy onHost = s;
        onHost.monitoring.hostIsTarget = true;
        const ParseResult back = parseStrategy(toJson(onHost));
        QVERIFY(back.ok());
        QVERIFY(back.strategy->monitoring.hostIsTarget);
        QCOMPARE(s.monitoring.interval, QStringLiteral("1s"));
        QVERIFY(validateStrategy(s, Variables{{}, false}).isEmpty());
    }

    void unicodeSurvives()
    {
        Strategy s = strategyTemplate(StrategyType::Load);
        s.name = QStringLiteral("Prüfung \u6d4b\u8bd5 \U0001F680");
        s.targets[0].body = QString(QChar(0)) + QStringLiteral("nul and \"quotes\" and \\ and \n");
        const ParseResult r = parseStrategy(toJson(s));
        QVERIFY(r.ok());
        QCOMPARE(r.strategy->name, s.name);
        QCOMPARE(r.strategy->targets[0].body, s.targets[0].body);
    }
};

QTEST_GUILESS_MAIN(TestStrategyJson)
#include "tst_strategyjson.moc"
