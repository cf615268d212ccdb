// Semantic validation: one failing case per rule with its exact path and message, and variables.

#include "model/strategyjson.h"
#include "model/strategytemplates.h"
#include "model/strategyvalidator.h"
#include "modeltestutil.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace lw;

namespace {

const Variables kNoEnvironment{{}, false};

QStringList issueTexts(const QList<ValidationIssue> &issues)
{
    QStringList out;
    for (const ValidationIssue &i : issues)
        out.append(i.toString());
    return out;
}

// The canary sample uses every part of the model, so each rule can be broken in it. A patch is
// "json-pointer=json-value", or "json-pointer" alone to remove the field.
QByteArray patchedCanary(const QStringList &patches)
{
    const QByteArray src = test::readSample(QStringLiteral("canary-high-risk.json"));
    nlohmann::json j = nlohmann::json::parse(src.constBegin(), src.constEnd());
    for (const QString &patch : patches) {
        const qsizetype eq = patch.indexOf(QLatin1Char('='));
        const nlohmann::json::json_pointer ptr((eq < 0 ? patch : patch.left(eq)).toStdString());
        if (eq < 0)
            j[ptr.parent_pointer()].erase(ptr.back());
        else
            j[ptr] = nlohmann::json::parse(patch.mid(eq + 1).toStdString());
    }
    return QByteArray::fromStdString(j.dump(2));
}

} // namespace

class TestStrategyValidator : public QObject
{
    Q_OBJECT

private slots:
    void samplesValidate_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &name : test::sampleFiles())
            QTest::newRow(qPrintable(name)) << name;
    }

    void samplesValidate()
    {
        QFETCH(QString, file);
        const ParseResult r = loadStrategy(test::readSample(file), kNoEnvironment);
        QVERIFY2(r.ok(), qPrintable(issueTexts(r.issues).join(QLatin1Char('\n'))));
        // Every sample is aimed at loopback unless TARGET says otherwise.
        const Strategy resolved = resolveVariables(*r.strategy, kNoEnvironment, nullptr);
        for (const Target &t : resolved.targets)
            QVERIFY2(t.url.startsWith(QLatin1String("http://127.0.0.1:8080/")), qPrintable(t.url));
    }

    void formatDocumentExampleIsValid()
    {
        // The minimal example in STRATEGY-FORMAT.md must stay true.
        const QString doc =
            QString::fromUtf8(test::readFile(QStringLiteral(LW_SOURCE_DIR "/core/model/STRATEGY-FORMAT.md")));
        const qsizetype start = doc.indexOf(QStringLiteral("```json\n{\n  \"schema\": 1"));
        QVERIFY(start >= 0);
        const qsizetype end = doc.indexOf(QStringLiteral("```"), start + 7);
        const QByteArray example = doc.mid(start + 7, end - start - 7).toUtf8();
        const ParseResult r = loadStrategy(example, kNoEnvironment);
        QVERIFY2(r.ok(), qPrintable(issueTexts(r.issues).join(QLatin1Char('\n'))));
        QCOMPARE(r.strategy->name, QStringLiteral("Smoke"));
    }

    void demoSampleMatchesItsPromise()
    {
        const Strategy s =
            *loadStrategy(test::readSample(QStringLiteral("demo-load.json")), kNoEnvironment).strategy;
        QVERIFY(s.load.model == LoadModel::Open);
        QCOMPARE(plannedDurationMs(s.load), 20'000);
        bool stopsOnErrors = false;
        for (const SafetyLimit &l : s.safetyLimits)
            stopsOnErrors |= l.metric.kind == MetricKind::ErrorRate && l.action == SafetyAction::Stop;
        QVERIFY(stopsOnErrors);
        bool latencyCriterion = false;
        for (const SuccessCriterion &c : s.successCriteria)
            latencyCriterion |= c.metric.kind == MetricKind::LatencyPercentile;
        QVERIFY(latencyCriterion);
        QVERIFY(referencedVariables(s).contains(QStringLiteral("TARGET")));
    }

    void canarySampleIsHighRisk()
    {
        const Strategy s =
            *loadStrategy(test::readSample(QStringLiteral("canary-high-risk.json")), kNoEnvironment).strategy;
        QVERIFY(s.safetyLevel == SafetyLevel::High);
        QVERIFY(!s.risks.isEmpty());
        QVERIFY(!s.rollback.procedures.isEmpty());
        QCOMPARE(s.prerequisites[0].url, QStringLiteral("${TARGET:-http://127.0.0.1:8080}/health"));
        const ApprovalRequirement req = approvalRequirement(s);
        QVERIFY(req.effectiveLevel == SafetyLevel::High);
        QCOMPARE(req.approvals, 2);
    }

    void templatesValidate_data()
    {
        QTest::addColumn<int>("type");
        for (StrategyType t : allStrategyTypes())
            QTest::newRow(qPrintable(toString(t))) << int(t);
    }

    void templatesValidate()
    {
        QFETCH(int, type);
        const Strategy s = strategyTemplate(StrategyType(type));
        QVERIFY(s.type == StrategyType(type));
        QVERIFY2(validateStrategy(s, kNoEnvironment).isEmpty(),
                 qPrintable(issueTexts(validateStrategy(s, kNoEnvironment)).join(QLatin1Char('\n'))));
        QVERIFY(!templateSummary(StrategyType(type)).isEmpty());
        QVERIFY(!s.safetyLimits.isEmpty());
        QVERIFY(!s.successCriteria.isEmpty());
        QVERIFY(referencedVariables(s).contains(QStringLiteral("TARGET")) ||
                referencedVariables(s).contains(QStringLiteral("SHADOW_TARGET")));
        QVERIFY(plannedDurationMs(s.load) > 0);
    }

    void templatesFitTheirType()
    {
        const Strategy spike = strategyTemplate(StrategyType::Spike);
        double peak = 0;
        for (const Stage &st : spike.load.stages)
            peak = std::max(peak, st.target);
        QVERIFY(peak >= 10 * spike.load.stages.first().target);
        QVERIFY(plannedDurationMs(strategyTemplate(StrategyType::Soak).load) >= 3'600'000);
        const Strategy stress = strategyTemplate(StrategyType::Stress);
        for (qsizetype i = 1; i + 1 < stress.load.stages.size(); ++i)
            QVERIFY(stress.load.stages[i].target > stress.load.stages[i - 1].target);
        for (StrategyType t :
             {StrategyType::Canary, StrategyType::BlueGreen, StrategyType::AB, StrategyType::Shadow})
            QVERIFY(!strategyTemplate(t).rollback.procedures.isEmpty());
        const Strategy chaos = strategyTemplate(StrategyType::Chaos);
        QVERIFY(!chaos.prerequisites.isEmpty());
        QVERIFY(!chaos.risks.isEmpty());
        QVERIFY(strategyTemplate(StrategyType::Volume).targets[0].body.size() > 16 * 1024);
    }

    void rules_data()
    {
        QTest::addColumn<QStringList>("patches");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char *name, const QStringList &patches, const QStringList &expected) {
            QTest::newRow(name) << patches << expected;
        };
        auto s = [](const char *text) {
            return QString::fromUtf8(text);
        };
        // clang-format off
        row("name empty", {s("/name=\"  \"")}, {s("name: must not be empty")});
        row("name too long", {s("/name=\"") + QString(121, QLatin1Char('n')) + s("\"")},
            {s("name: must be at most 120 characters (it has 121)")});
        row("tag empty", {s("/tags/0=\"\"")}, {s("tags[0]: must not be empty")});
        row("tag duplicate", {s("/tags/2=\"payments\"")}, {s("tags[2]: \"payments\" is already used by tags[0]")});
        row("no targets", {s("/targets=[]")}, {s("targets: needs at least one target")});
        row("target name empty", {s("/targets/1/name=\"\"")}, {s("targets[1].name: must not be empty")});
        row("target names unique", {s("/targets/1/name=\"authorise\"")},
            {s("targets[1].name: \"authorise\" is already used by targets[0]")});
        row("method unknown", {s("/targets/0/method=\"PSOT\"")},
            {s("targets[0].method: \"PSOT\" is not a supported method (did you mean \"POST\"?); expected one of: "
               "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")});
        row("url empty", {s("/targets/0/url=\"\"")}, {s("targets[0].url: must not be empty")});
        row("url scheme", {s("/targets/0/url=\"ftp://127.0.0.1/file\"")},
            {s("targets[0].url: scheme \"ftp\" is not supported; use http or https")});
        row("url without scheme", {s("/targets/0/url=\"localhost/api\"")},
            {s("targets[0].url: \"localhost/api\" has no scheme; write http://host/...")});
        row("url with empty scheme", {s("/targets/0/url=\"://127.0.0.1/\"")},
            {s("targets[0].url: \"://127.0.0.1/\" has no scheme; write http://host/...")});
        row("url without host", {s("/targets/0/url=\"http:///api\"")},
            {s("targets[0].url: \"http:///api\" has no host")});
        row("url invalid", {s("/targets/0/url=\"http://exa mple/\"")},
            {s("targets[0].url: \"http://exa mple/\" is not a valid URL: Invalid hostname (contains invalid "
               "characters)")});
        row("url after expansion", {s("/targets/0/url=\"${TARGET:-127.0.0.1}/x\"")},
            {s("targets[0].url: \"127.0.0.1/x\" has no scheme; write http://host/...")});
        row("header name", {s("/targets/0/headers/0/name=\"Content Type\"")},
            {s("targets[0].headers[0].name: \"Content Type\" is not a valid header name (letters, digits and "
               "!#$%&'*+.^_`|~-)")});
        row("header value line break", {s("/targets/0/headers/1/value=\"a\\r\\nX-Injected: 1\"")},
            {s("targets[0].headers[1].value: must not contain line breaks")});
        row("weight zero", {s("/targets/1/weight=0")}, {s("targets[1].weight: must be greater than 0")});
        row("weight negative", {s("/targets/1/weight=-2")}, {s("targets[1].weight: must be greater than 0")});
        row("expect status", {s("/targets/0/expect_status=700")},
            {s("targets[0].expect_status: must be an HTTP status code between 100 and 599")});
        row("no stages", {s("/load/stages=[]")}, {s("load.stages: needs at least one stage")});
        row("stage duration zero", {s("/load/stages/2/duration=\"0s\"")},
            {s("load.stages[2].duration: must be greater than 0")});
        row("stage duration text", {s("/load/stages/0/duration=\"ten seconds\"")},
            {s("load.stages[0].duration: \"ten seconds\" is not a duration; write e.g. 250ms, 30s, 5m, 1h30m "
               "(at most 366d)")});
        row("stage target negative", {s("/load/stages/1/target=-1")},
            {s("load.stages[1].target: must not be negative")});
        row("open rate absurd", {s("/load/stages/1/target=2000000")},
            {s("load.stages[1].target: must be at most 1000000 requests/s")});
        row("closed model fractional users", {s("/load/model=\"closed\""), s("/load/stages/1/target=10.5")},
            {s("load.stages[1].target: is a number of virtual users in a closed model and must be a whole "
               "number")});
        row("closed model too many users", {s("/load/model=\"closed\""), s("/load/stages/1/target=200000")},
            {s("load.stages[1].target: must be at most 100000 virtual users")});
        row("max connections", {s("/load/max_connections=0")},
            {s("load.max_connections: must be between 1 and 100000")});
        row("request timeout", {s("/load/request_timeout=\"0ms\"")},
            {s("load.request_timeout: must be greater than 0")});
        row("think time", {s("/load/think_time=\"-1s\"")},
            {s("load.think_time: \"-1s\" is not a duration; write e.g. 250ms, 30s, 5m, 1h30m (at most 366d)")});
        row("rate cap", {s("/load/rate_cap=0")}, {s("load.rate_cap: must be greater than 0 (or null for no cap)")});
        row("percentile 100", {s("/safety_limits/1/metric=\"p100\"")},
            {s("safety_limits[1].metric: percentile must be greater than 0 and less than 100")});
        row("percentile 0", {s("/success_criteria/1/metric=\"p0\"")},
            {s("success_criteria[1].metric: percentile must be greater than 0 and less than 100")});
        row("error rate threshold", {s("/safety_limits/0/threshold=150")},
            {s("safety_limits[0].threshold: is an error rate in percent and must be between 0 and 100")});
        row("negative threshold", {s("/safety_limits/1/threshold=-5")},
            {s("safety_limits[1].threshold: must not be negative")});
        row("for duration", {s("/safety_limits/0/for=\"5 s\"")},
            {s("safety_limits[0].for: \"5 s\" is not a duration; write e.g. 250ms, 30s, 5m, 1h30m (at most 366d)")});
        row("rollback action needs procedures", {s("/rollback/procedures=[]")},
            {s("safety_limits[0].action: \"rollback\" needs a rollback plan with at least one procedure "
               "(rollback.procedures is empty)"),
             s("safety_limits[1].action: \"rollback\" needs a rollback plan with at least one procedure "
               "(rollback.procedures is empty)"),
             s("rollback.triggers[0].action: \"rollback\" needs a rollback plan with at least one procedure "
               "(rollback.procedures is empty)")});
        const QString noStop = s("safety_limits: a %1 safety level needs at least one safety limit whose action "
                                 "ends the run (stop, emergency_stop or rollback), so a run that harms the system "
                                 "stops on its own instead of waiting for someone to notice");
        row("high level needs a stopping limit",
            {s("/safety_limits/0/action=\"alert\""), s("/safety_limits/1/action=\"alert\""),
             s("/safety_limits/2/action=\"alert\"")},
            {noStop.arg(s("high"))});
        row("critical level without limits", {s("/safety_level=\"critical\""), s("/safety_limits=[]")},
            {noStop.arg(s("critical"))});
        row("throttle factor zero", {s("/safety_limits/3/action=\"throttle\""), s("/safety_limits/3/factor=0")},
            {s("safety_limits[3].factor: must be between 0 and 1, both excluded (0.5 halves the load)")});
        row("throttle factor one", {s("/safety_limits/3/action=\"throttle\""), s("/safety_limits/3/factor=1")},
            {s("safety_limits[3].factor: must be between 0 and 1, both excluded (0.5 halves the load)")});
        row("throttle floor negative", {s("/safety_limits/3/action=\"throttle\""), s("/safety_limits/3/floor=-1")},
            {s("safety_limits[3].floor: must be 0 or more (requests/s in the open model, virtual users in the "
               "closed one)")});
        row("throttle cooldown", {s("/safety_limits/3/action=\"throttle\""), s("/safety_limits/3/cooldown=\"0s\"")},
            {s("safety_limits[3].cooldown: must be greater than 0")});
        row("throttle on throughput", {s("/safety_limits/3/action=\"throttle\""),
                                       s("/safety_limits/3/metric=\"throughput\"")},
            {s("safety_limits[3].action: throttle lowers the load, which lowers throughput further; a throughput "
               "limit can alert or stop, not throttle")});
        row("throttle on a trigger", {s("/rollback/triggers/0/action=\"throttle\"")},
            {s("rollback.triggers[0].action: throttle is an action of safety limits only; a rollback trigger "
               "stops or rolls back (use a safety limit with \"action\": \"throttle\")")});
        row("throttle does not end the run",
            {s("/safety_limits/0/action=\"alert\""), s("/safety_limits/1/action=\"throttle\""),
             s("/safety_limits/2/action=\"alert\"")},
            {noStop.arg(s("high"))});
        row("factor without throttle", {s("/safety_limits/3/factor=0.5")},
            {s("safety_limits[3].factor: only with \"action\": \"throttle\"")});
        row("latency increase text", {s("/safety_limits/1/threshold"), s("/safety_limits/1/max_latency_increase=\"20\"")},
            {s("safety_limits[1].max_latency_increase: \"20\" is not an increase; write a percentage (+20%) or an "
               "amount (+50ms)")});
        row("latency increase on error rate", {s("/safety_limits/0/threshold"),
                                               s("/safety_limits/0/max_latency_increase=\"+20%\"")},
            {s("safety_limits[0].max_latency_increase: needs a latency metric (p50, p99, p99.9, mean, max), not "
               "error_rate")});
        row("threshold and increase", {s("/safety_limits/1/max_latency_increase=\"+20%\"")},
            {s("safety_limits[1].threshold: give either threshold or max_latency_increase, not both")});
        row("throughput decrease of 100%", {s("/success_criteria/0/metric=\"throughput\""),
                                            s("/success_criteria/0/operator"), s("/success_criteria/0/threshold"),
                                            s("/success_criteria/0/max_throughput_decrease=\"100%\"")},
            {s("success_criteria[0].max_throughput_decrease: \"100%\" is not a decrease; write a percentage below "
               "100 (10%) or an amount of requests/s (100/s)")});
        row("criterion operator with increase", {s("/success_criteria/1/threshold"),
                                                 s("/success_criteria/1/max_latency_increase=\"+50ms\"")},
            {s("success_criteria[1].operator: not with max_latency_increase, which is the bound")});
        row("trigger threshold", {s("/rollback/triggers/0/threshold=101")},
            {s("rollback.triggers[0].threshold: is an error rate in percent and must be between 0 and 100")});
        row("trigger for", {s("/rollback/triggers/1/for=\"1 minute\"")},
            {s("rollback.triggers[1].for: \"1 minute\" is not a duration; write e.g. 250ms, 30s, 5m, 1h30m (at "
               "most 366d)")});
        row("procedure command", {s("/rollback/procedures/1/command=\"\"")},
            {s("rollback.procedures[1].command: must not be empty")});
        row("procedure name", {s("/rollback/procedures/0/name=\" \"")},
            {s("rollback.procedures[0].name: must not be empty")});
        row("procedure timeout", {s("/rollback/procedures/0/timeout=\"0s\"")},
            {s("rollback.procedures[0].timeout: must be greater than 0")});
        row("risk id empty", {s("/risks/1/id=\"\"")}, {s("risks[1].id: must not be empty")});
        row("risk ids unique", {s("/risks/2/id=\"R1\"")}, {s("risks[2].id: \"R1\" is already used by risks[0]")});
        row("risk name", {s("/risks/0/name=\"\"")}, {s("risks[0].name: must not be empty")});
        row("risk probability low", {s("/risks/0/probability=0")},
            {s("risks[0].probability: must be between 1 (rare) and 5 (almost certain)")});
        row("risk probability high", {s("/risks/0/probability=6")},
            {s("risks[0].probability: must be between 1 (rare) and 5 (almost certain)")});
        row("risk impact", {s("/risks/1/impact=0")}, {s("risks[1].impact: must be between 1 (negligible) and 5 (severe)")});
        row("mitigation action", {s("/risks/0/mitigation/actions/1=\"\"")},
            {s("risks[0].mitigation.actions[1]: must not be empty")});
        row("prerequisite name", {s("/prerequisites/1/name=\"\"")}, {s("prerequisites[1].name: must not be empty")});
        row("prerequisite names unique", {s("/prerequisites/2/name=\"Canary is healthy\"")},
            {s("prerequisites[2].name: \"Canary is healthy\" is already used by prerequisites[0]")});
        row("prerequisite timeout", {s("/prerequisites/0/timeout=\"soon\"")},
            {s("prerequisites[0].timeout: \"soon\" is not a duration; write e.g. 250ms, 30s, 5m, 1h30m (at most "
               "366d)")});
        row("http needs url", {s("/prerequisites/0/url")},
            {s("prerequisites[0].url: is required for a http prerequisite")});
        row("http url scheme", {s("/prerequisites/0/url=\"tcp://127.0.0.1:8080\"")},
            {s("prerequisites[0].url: scheme \"tcp\" is not supported; use http or https")});
        row("http expect status", {s("/prerequisites/0/expect_status=42")},
            {s("prerequisites[0].expect_status: must be an HTTP status code between 100 and 599")});
        row("tcp needs host and port", {s("/prerequisites/1/type=\"tcp\"")},
            {s("prerequisites[1].host: is required for a tcp prerequisite"),
             s("prerequisites[1].port: must be a TCP port between 1 and 65535")});
        row("tcp port range", {s("/prerequisites/1/type=\"tcp\""), s("/prerequisites/1/host=\"127.0.0.1\""),
                               s("/prerequisites/1/port=65536")},
            {s("prerequisites[1].port: must be a TCP port between 1 and 65535")});
        row("command needs command", {s("/prerequisites/1/type=\"command\"")},
            {s("prerequisites[1].command: is required for a command prerequisite")});
        row("disk needs path", {s("/prerequisites/1/path=\"\"")},
            {s("prerequisites[1].path: is required for a disk prerequisite")});
        row("disk needs free space", {s("/prerequisites/1/min_free_mib=0")},
            {s("prerequisites[1].min_free_mib: must be greater than 0")});
        row("manual needs description", {s("/prerequisites/2/description=\"\"")},
            {s("prerequisites[2].description: is required for a manual prerequisite")});
        row("criterion weight", {s("/success_criteria/2/weight=0")},
            {s("success_criteria[2].weight: must be greater than 0")});
        row("criterion threshold", {s("/success_criteria/0/threshold=-0.1")},
            {s("success_criteria[0].threshold: must not be negative")});
        row("process needs pid or name", {s("/monitoring/processes=[{}]")},
            {s("monitoring.processes[0]: set exactly one of pid or name")});
        row("process not both", {s("/monitoring/processes=[{\"pid\": 12, \"name\": \"nginx\"}]")},
            {s("monitoring.processes[0]: set exactly one of pid or name")});
        row("process pid", {s("/monitoring/processes=[{\"pid\": 0}]")},
            {s("monitoring.processes[0].pid: must be greater than 0")});
        row("prometheus url", {s("/monitoring/prometheus=[{\"url\": \"127.0.0.1:9100\"}]")},
            {s("monitoring.prometheus[0].url: \"127.0.0.1:9100\" has no scheme; write http://host/...")});
        row("prometheus metric", {s("/monitoring/prometheus=[{\"url\": \"http://127.0.0.1:9100/metrics\", "
                                    "\"metrics\": [\"up\", \"\"]}]")},
            {s("monitoring.prometheus[0].metrics[1]: must not be empty")});
        row("monitoring interval", {s("/monitoring/interval=\"50ms\"")},
            {s("monitoring.interval: must be at least 100ms")});
        row("window start", {s("/windows/0/start=\"24:00\"")},
            {s("windows[0].start: \"24:00\" is not a time; write HH:MM from 00:00 to 23:59")});
        row("window end", {s("/windows/0/end=\"9:00\"")},
            {s("windows[0].end: \"9:00\" is not a time; write HH:MM from 00:00 to 23:59")});
        row("window empty", {s("/windows/0/end=\"10:00\"")},
            {s("windows[0].end: must differ from start (the window would be empty)")});
        row("window day twice", {s("/windows/0/days/2=\"tue\"")}, {s("windows[0].days[2]: \"tue\" is listed twice")});
        row("route event empty", {s("/notifications/0/event=\"\"")}, {s("notifications[0].event: must not be empty")});
        row("route event pattern", {s("/notifications/1/event=\"Rollback Started\"")},
            {s("notifications[1].event: \"Rollback Started\" is not an event pattern; write a name such as "
               "run.failed, a prefix such as run.* or * for every event")});
        row("route event nothing raises", {s("/notifications/0/event=\"run.finished\"")},
            {s("notifications[0].event: \"run.finished\" is not an event Loadwright raises; a run's end is "
               "one of run.passed, run.failed, run.stopped_by_safety, run.interrupted (run.* for all of them)")});
        row("route prefix nothing raises", {s("/notifications/0/event=\"deploy.*\"")},
            {s("notifications[0].event: \"deploy.*\" is not an event Loadwright raises; the events are "
               "run.started, run.passed, run.failed, run.stopped_by_safety, run.interrupted, "
               "safety.limit_crossed, safety.throttled, rollback.step, prerequisite.failed, approval.requested, "
               "approval.granted, approval.rejected, approval.expired, test")});
        row("route channel", {s("/notifications/2/channel=\"\"")}, {s("notifications[2].channel: must not be empty")});
        row("missing variable", {s("/targets/1/url=\"${API_URL}/payments\"")},
            {s("targets[1].url: variable API_URL is not set (set it in the environment or with --set "
               "API_URL=value, or write ${API_URL:-default})")});
        row("malformed variable", {s("/rollback/procedures/0/command=\"${1ROUTER} undo\"")},
            {s("rollback.procedures[0].command: malformed variable reference \"${1ROUTER}\"; write ${NAME} or "
               "${NAME:-default} (NAME: letters, digits, _), or $${ for a literal ${")});
        row("unclosed variable", {s("/owner=\"${OWNER\"")},
            {s("owner: malformed variable reference \"${OWNER\"; write ${NAME} or ${NAME:-default} (NAME: letters, "
               "digits, _), or $${ for a literal ${")});
        row("variable in a duration", {s("/load/stages/1/duration=\"${CANARY_TIME:-0s}\"")},
            {s("load.stages[1].duration: must be greater than 0")});
        // clang-format on
    }

    void rules()
    {
        QFETCH(QStringList, patches);
        QFETCH(QStringList, expected);
        const ParseResult r = loadStrategy(patchedCanary(patches), kNoEnvironment);
        QVERIFY(!r.strategy);
        QCOMPARE(issueTexts(r.issues), expected);
    }

    void everyProblemAtOnce()
    {
        const ParseResult r = loadStrategy(
            patchedCanary({QStringLiteral("/name=\"\""), QStringLiteral("/load/stages/2/duration=\"0s\""),
                           QStringLiteral("/risks/0/impact=9"),
                           QStringLiteral("/targets/0/url=\"${NOPE}\"")}),
            kNoEnvironment);
        QCOMPARE(r.issues.size(), 4);
        QCOMPARE(r.issues[0].path, QStringLiteral("targets[0].url"));
        QCOMPARE(r.issues[1].path, QStringLiteral("name"));
        QCOMPARE(r.issues[2].path, QStringLiteral("load.stages[2].duration"));
        QCOMPARE(r.issues[3].path, QStringLiteral("risks[0].impact"));
        QCOMPARE(r.issues[2].toString(), QStringLiteral("load.stages[2].duration: must be greater than 0"));
    }

    void expand_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("set");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("missing");
        const QStringList none;
        QTest::newRow("plain") << QStringLiteral("http://a/") << none << QStringLiteral("http://a/") << none;
        QTest::newRow("set") << QStringLiteral("${HOST}/x") << QStringList{QStringLiteral("HOST=http://h")}
                             << QStringLiteral("http://h/x") << none;
        QTest::newRow("default") << QStringLiteral("${HOST:-http://d}/x") << none
                                 << QStringLiteral("http://d/x") << none;
        QTest::newRow("set beats default")
            << QStringLiteral("${HOST:-http://d}") << QStringList{QStringLiteral("HOST=v")}
            << QStringLiteral("v") << none;
        QTest::newRow("empty uses default")
            << QStringLiteral("${HOST:-d}") << QStringList{QStringLiteral("HOST=")} << QStringLiteral("d")
            << none;
        QTest::newRow("empty without default")
            << QStringLiteral("[${HOST}]") << QStringList{QStringLiteral("HOST=")} << QStringLiteral("[]")
            << none;
        QTest::newRow("empty default")
            << QStringLiteral("[${HOST:-}]") << none << QStringLiteral("[]") << none;
        QTest::newRow("missing") << QStringLiteral("${A}-${B}-${A}") << none
                                 << QStringLiteral("${A}-${B}-${A}")
                                 << QStringList{QStringLiteral("A"), QStringLiteral("B"),
                                                QStringLiteral("A")};
        QTest::newRow("escape") << QStringLiteral("echo $${HOME} ${X:-1}") << none
                                << QStringLiteral("echo ${HOME} 1") << none;
        QTest::newRow("dollar alone") << QStringLiteral("costs $5 and $ and $X") << none
                                      << QStringLiteral("costs $5 and $ and $X") << none;
        QTest::newRow("value not re-expanded")
            << QStringLiteral("${A}") << QStringList{QStringLiteral("A=${B}")} << QStringLiteral("${B}")
            << none;
        QTest::newRow("default with colon") << QStringLiteral("${URL:-http://127.0.0.1:8080}") << none
                                            << QStringLiteral("http://127.0.0.1:8080") << none;
        QTest::newRow("unclosed kept") << QStringLiteral("a ${B") << none << QStringLiteral("a ${B") << none;
    }

    void expand()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, set);
        QFETCH(QString, expected);
        QFETCH(QStringList, missing);
        Variables vars{{}, false};
        for (const QString &kv : set)
            vars.values.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
        QStringList gotMissing;
        QCOMPARE(expandVariables(text, vars, &gotMissing), expected);
        QCOMPARE(gotMissing, missing);
    }

    void environmentAndSetValues()
    {
        qputenv("LW_TST_TARGET", "http://127.0.0.1:9999");
        const QString text = QStringLiteral("${LW_TST_TARGET}/health");
        QCOMPARE(expandVariables(text, Variables{}), QStringLiteral("http://127.0.0.1:9999/health"));
        QStringList missing;
        QCOMPARE(expandVariables(text, Variables{{}, false}, &missing), text);
        QCOMPARE(missing, QStringList{QStringLiteral("LW_TST_TARGET")});
        // --set wins over the environment.
        Variables set;
        set.values.insert(QStringLiteral("LW_TST_TARGET"), QStringLiteral("http://127.0.0.2:1"));
        QCOMPARE(expandVariables(text, set), QStringLiteral("http://127.0.0.2:1/health"));
        qunsetenv("LW_TST_TARGET");
        QCOMPARE(Variables{}.lookup(QStringLiteral("LW_TST_TARGET")), std::nullopt);
    }

    void strategyVariables()
    {
        const QByteArray json = test::readSample(QStringLiteral("canary-high-risk.json"));
        const Strategy s = *parseStrategy(json).strategy;
        QCOMPARE(referencedVariables(s),
                 (QStringList{QStringLiteral("ROUTER_CTL"), QStringLiteral("TARGET")}));

        Variables vars{{}, false};
        vars.values.insert(QStringLiteral("TARGET"), QStringLiteral("https://staging.internal:8443"));
        QList<ValidationIssue> issues;
        const Strategy resolved = resolveVariables(s, vars, &issues);
        QVERIFY(issues.isEmpty());
        QCOMPARE(resolved.targets[0].url,
                 QStringLiteral("https://staging.internal:8443/api/v2/payments/authorise"));
        QCOMPARE(resolved.prerequisites[0].url, QStringLiteral("https://staging.internal:8443/health"));
        QCOMPARE(resolved.rollback.procedures[0].command,
                 QStringLiteral("./deploy/router-ctl set-weight payments-v2-14 0"));
        QVERIFY(referencedVariables(resolved).isEmpty());

        // loadStrategy keeps what the author wrote, so one document serves every environment.
        const ParseResult loaded = loadStrategy(json, vars);
        QVERIFY(loaded.ok());
        QVERIFY(*loaded.strategy == s);
    }

    void missingVariableIsReportedWhereUsed()
    {
        Strategy s = strategyTemplate(StrategyType::Load);
        s.targets[1].url = QStringLiteral("${API}/items");
        s.rollback.procedures.append(RollbackProcedure{
            QStringLiteral("undo"), QStringLiteral("${UNDO} --all"), QStringLiteral("1m"), QString()});
        const QStringList texts = issueTexts(validateStrategy(s, kNoEnvironment));
        QCOMPARE(texts.size(), 2);
        QVERIFY(texts[0].startsWith(QStringLiteral("targets[1].url: variable API is not set")));
        QVERIFY(
            texts[1].startsWith(QStringLiteral("rollback.procedures[0].command: variable UNDO is not set")));
        Variables vars{{}, false};
        vars.values.insert(QStringLiteral("API"), QStringLiteral("http://127.0.0.1:1"));
        vars.values.insert(QStringLiteral("UNDO"), QStringLiteral("true"));
        QVERIFY(validateStrategy(s, vars).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStrategyValidator)
#include "tst_strategyvalidator.moc"
