// engineRunSpec: every strategy field that reaches the engine, checked field by field, and the
// result accepted by the engine's own spec parser and validator.

#include "engine/runspec.h"
#include "run/runspecbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace lw;

namespace {

Strategy openStrategy()
{
    Strategy s;
    s.name = QStringLiteral("checkout");
    Target a;
    a.name = QStringLiteral("home");
    a.url = QStringLiteral("http://127.0.0.1:8080/");
    a.weight = 3;
    Target b;
    b.name = QStringLiteral("order");
    b.method = QStringLiteral("post");
    b.url = QStringLiteral("http://localhost:8080/orders");
    b.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json")},
                 {QStringLiteral("X-Tag"), QStringLiteral("a")},
                 {QStringLiteral("X-Tag"), QStringLiteral("b")}};
    b.body = QStringLiteral("{\"id\":1}");
    b.weight = 0.5;
    b.expectStatus = 201;
    s.targets = {a, b};
    s.load.model = LoadModel::Open;
    s.load.stages = {{QStringLiteral("30s"), 100, StageRamp::Linear},
                     {QStringLiteral("1m30s"), 100, StageRamp::Step},
                     {QStringLiteral("1.5s"), 0, StageRamp::Linear}};
    s.load.maxConnections = 200;
    s.load.requestTimeout = QStringLiteral("2s");
    s.load.rateCap = 150;
    return s;
}

// The engine's own parser and validator: what the engine would answer to `start`.
QString engineVerdict(const QJsonObject &spec, engine::RunSpec *out = nullptr)
{
    engine::RunSpec parsed;
    std::string error;
    const auto j = nlohmann::json::parse(QJsonDocument(spec).toJson(QJsonDocument::Compact).toStdString());
    if (!engine::runSpecFromJson(j, parsed, error) || !engine::validateRunSpec(parsed, error))
        return QString::fromStdString(error);
    if (out)
        *out = parsed;
    return {};
}

} // namespace

class TestRunSpecBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requests()
    {
        const QJsonObject spec = engineRunSpec(openStrategy(), {});
        const QJsonArray requests = spec.value(QStringLiteral("requests")).toArray();
        QCOMPARE(requests.size(), 2);
        const QJsonObject home = requests.at(0).toObject();
        QCOMPARE(home.value(QStringLiteral("name")).toString(), QStringLiteral("home"));
        QCOMPARE(home.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(home.value(QStringLiteral("url")).toString(), QStringLiteral("http://127.0.0.1:8080/"));
        QCOMPARE(home.value(QStringLiteral("weight")).toDouble(), 3.0);
        QVERIFY(!home.contains(QStringLiteral("headers")));
        QVERIFY(!home.contains(QStringLiteral("body")));
        QVERIFY(!home.contains(QStringLiteral("expect_status")));

        const QJsonObject order = requests.at(1).toObject();
        QCOMPARE(order.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(order.value(QStringLiteral("body")).toString(), QStringLiteral("{\"id\":1}"));
        QCOMPARE(order.value(QStringLiteral("weight")).toDouble(), 0.5);
        QCOMPARE(order.value(QStringLiteral("expect_status")).toInt(), 201);
        const QJsonArray headers = order.value(QStringLiteral("headers")).toArray();
        QCOMPARE(headers.size(), 3);
        QCOMPARE(headers.at(0).toArray(),
                 (QJsonArray{QStringLiteral("Content-Type"), QStringLiteral("application/json")}));
        QCOMPARE(headers.at(2).toArray(), (QJsonArray{QStringLiteral("X-Tag"), QStringLiteral("b")}));
    }

    void openModelLoad()
    {
        const QJsonObject spec = engineRunSpec(openStrategy(), {});
        QCOMPARE(spec.value(QStringLiteral("model")).toString(), QStringLiteral("open"));
        const QJsonArray stages = spec.value(QStringLiteral("stages")).toArray();
        QCOMPARE(stages.size(), 3);
        QCOMPARE(stages.at(0).toObject(),
                 (QJsonObject{{QStringLiteral("duration"), QStringLiteral("30000ms")},
                              {QStringLiteral("target"), 100.0},
                              {QStringLiteral("ramp"), QStringLiteral("linear")}}));
        QCOMPARE(stages.at(1).toObject().value(QStringLiteral("duration")).toString(),
                 QStringLiteral("90000ms"));
        QCOMPARE(stages.at(1).toObject().value(QStringLiteral("ramp")).toString(), QStringLiteral("step"));
        QCOMPARE(stages.at(2).toObject().value(QStringLiteral("duration")).toString(),
                 QStringLiteral("1500ms"));
        QCOMPARE(spec.value(QStringLiteral("max_connections")).toInt(), 200);
        QCOMPARE(spec.value(QStringLiteral("timeout")).toString(), QStringLiteral("2000ms"));
        QCOMPARE(spec.value(QStringLiteral("rate_cap")).toDouble(), 150.0);
        QVERIFY(!spec.contains(QStringLiteral("think_time"))); // closed model only
        QCOMPARE(spec.value(QStringLiteral("interval")).toString(), QStringLiteral("1000ms"));
        QVERIFY(!spec.contains(QStringLiteral("allow")));
        QVERIFY(!spec.contains(QStringLiteral("threads")));
        QVERIFY(!spec.contains(QStringLiteral("hlog")));
    }

    void closedModelAndOptions()
    {
        Strategy s = openStrategy();
        s.load.model = LoadModel::Closed;
        s.load.thinkTime = QStringLiteral("250ms");
        s.load.rateCap.reset();
        EngineOptions o;
        o.allow = {QStringLiteral("10.0.0.0/8"), QStringLiteral("*.staging.example")};
        o.interval = QStringLiteral("500ms");
        o.threads = 2;
        o.hlogPath = QStringLiteral("/tmp/run.hlog");
        o.heartbeatTimeoutS = 5;
        const QJsonObject spec = engineRunSpec(s, o);
        QCOMPARE(spec.value(QStringLiteral("model")).toString(), QStringLiteral("closed"));
        QCOMPARE(spec.value(QStringLiteral("think_time")).toString(), QStringLiteral("250ms"));
        QVERIFY(!spec.contains(QStringLiteral("rate_cap")));
        QCOMPARE(spec.value(QStringLiteral("allow")).toArray(),
                 (QJsonArray{QStringLiteral("10.0.0.0/8"), QStringLiteral("*.staging.example")}));
        QCOMPARE(spec.value(QStringLiteral("interval")).toString(), QStringLiteral("500ms"));
        QCOMPARE(spec.value(QStringLiteral("threads")).toInt(), 2);
        QCOMPARE(spec.value(QStringLiteral("hlog")).toString(), QStringLiteral("/tmp/run.hlog"));
        QCOMPARE(spec.value(QStringLiteral("heartbeat_timeout")).toInt(), 5);
    }

    void engineAcceptsTheSpec()
    {
        engine::RunSpec parsed;
        QCOMPARE(engineVerdict(engineRunSpec(openStrategy(), {}), &parsed), QString());
        QCOMPARE(parsed.requests.size(), size_t(2));
        QCOMPARE(parsed.requests[1].method, std::string("POST"));
        QCOMPARE(parsed.requests[1].headers.size(), size_t(3));
        QCOMPARE(parsed.requests[1].expectStatus, 201);
        QCOMPARE(parsed.stages.size(), size_t(3));
        QCOMPARE(parsed.stages[0].durationNs, int64_t(30'000'000'000));
        QVERIFY(!parsed.stages[0].step);
        QVERIFY(parsed.stages[1].step);
        QCOMPARE(parsed.stages[2].durationNs, int64_t(1'500'000'000));
        QCOMPARE(parsed.maxConnections, 200);
        QCOMPARE(parsed.timeoutNs, int64_t(2'000'000'000));
        QCOMPARE(parsed.rateCap, 150.0);

        Strategy closed = openStrategy();
        closed.load.model = LoadModel::Closed;
        closed.load.thinkTime = QStringLiteral("1.5s");
        QCOMPARE(engineVerdict(engineRunSpec(closed, {}), &parsed), QString());
        QVERIFY(parsed.model == engine::LoadModelKind::Closed);
        QCOMPARE(parsed.thinkMinNs, int64_t(1'500'000'000));
        QCOMPARE(parsed.thinkMaxNs, int64_t(1'500'000'000));
    }

    void unparsableDurationReachesTheEngineAsWritten()
    {
        // An unresolved ${VAR} must not become a silent default: the engine names the field.
        Strategy s = openStrategy();
        s.load.stages[0].duration = QStringLiteral("${RAMP}");
        const QJsonObject spec = engineRunSpec(s, {});
        QCOMPARE(spec.value(QStringLiteral("stages"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("duration"))
                     .toString(),
                 QStringLiteral("${RAMP}"));
        const QString verdict = engineVerdict(spec);
        QVERIFY2(verdict.contains(QStringLiteral("stages")), qPrintable(verdict));
    }

    // A disabled step stays in the strategy but never reaches the engine.
    void disabledStepsAreNotSent()
    {
        Strategy s = openStrategy();
        Scenario sc;
        sc.name = QStringLiteral("journey");
        for (const char *name : {"login", "browse", "buy"}) {
            Step st;
            st.name = QString::fromLatin1(name);
            st.url = QStringLiteral("http://127.0.0.1:8080/") + st.name;
            sc.steps.append(st);
        }
        sc.steps[1].enabled = false;
        s.scenarios = {sc};
        const QJsonObject spec = engineRunSpec(s, {});
        const QJsonArray steps = spec.value(QStringLiteral("scenarios"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QStringLiteral("steps"))
                                     .toArray();
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("login"));
        QCOMPARE(steps.at(1).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("buy"));
        engine::RunSpec parsed;
        QCOMPARE(engineVerdict(spec, &parsed), QString());
        QCOMPARE(parsed.scenarios.size(), size_t(1));
        QCOMPARE(parsed.scenarios[0].steps.size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestRunSpecBuilder)
#include "tst_runspecbuilder.moc"
