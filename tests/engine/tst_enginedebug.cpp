// Debug runs of the real engine (--protocol, spec.debug) against loadwright-target's demo shop with
// the sample journey resources/strategies/journey-checkout.json, mapped to a run spec exactly as the
// run controller maps it: a record per step, the token extracted and sent, a failing check and a
// failing extraction reported, cookies shown, one iteration per data row, refused hosts. Loopback
// only; each debug run sends at most a dozen requests.
#include "enginetestutil.h"

#include "model/strategydata.h"
#include "model/strategyvalidator.h"
#include "run/runspecbuilder.h"

#include <QJsonArray>

using namespace enginetest;

namespace {

struct ProtocolEngine
{
    QProcess p;
    QList<QJsonObject> events;
    QByteArray buffer;

    bool start()
    {
        p.start(engineBinary(), {QStringLiteral("--protocol")});
        return p.waitForStarted(5000);
    }
    void send(const QJsonObject &cmd) { p.write(QJsonDocument(cmd).toJson(QJsonDocument::Compact) + '\n'); }
    void pump()
    {
        buffer += p.readAllStandardOutput();
        qsizetype nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
            events.append(QJsonDocument::fromJson(buffer.left(nl)).object());
            buffer.remove(0, nl + 1);
        }
    }
    // Waits, sending heartbeats, until an event named name (or "error") arrives.
    QJsonObject waitFor(const QString &name, int timeoutMs)
    {
        QElapsedTimer t, hb;
        t.start();
        hb.start();
        qsizetype seen = 0;
        while (t.elapsed() < timeoutMs) {
            pump();
            for (; seen < events.size(); ++seen) {
                const QString e = events[seen].value(QStringLiteral("event")).toString();
                if (e == name || e == QLatin1String("error"))
                    return events[seen];
            }
            if (hb.elapsed() >= 500 && p.state() == QProcess::Running) {
                send({{QStringLiteral("cmd"), QStringLiteral("heartbeat")}});
                hb.restart();
            }
            QTest::qWait(5);
        }
        return {};
    }
    QList<QJsonObject> named(const QString &name) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events)
            if (e.value(QStringLiteral("event")).toString() == name)
                out.append(e);
        return out;
    }
    ~ProtocolEngine()
    {
        if (p.state() != QProcess::NotRunning) {
            p.closeWriteChannel();
            if (!p.waitForFinished(3000))
                p.kill();
            p.waitForFinished(1000);
        }
    }
};

QString samplesDir()
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies");
}

// The sample journey aimed at target, as the run controller hands it to the engine.
lw::Strategy journey(const Target &t)
{
    lw::Variables vars;
    vars.useEnvironment = false;
    vars.values.insert(QStringLiteral("TARGET"), t.url(QString()));
    const lw::ParseResult parsed =
        lw::loadStrategyFile(samplesDir() + QStringLiteral("/journey-checkout.json"), vars);
    if (!parsed.strategy)
        qFatal("the sample journey does not load");
    QList<lw::ValidationIssue> issues;
    return lw::resolveVariables(*parsed.strategy, vars, &issues);
}

QJsonObject debugSpec(const lw::Strategy &s, const QJsonObject &debug)
{
    lw::EngineOptions options;
    options.dataPaths.insert(QStringLiteral("users"), samplesDir() + QStringLiteral("/journey-users.csv"));
    options.debug = debug;
    if (options.debug.isEmpty()) // the defaults: one iteration of every scenario
        options.debug.insert(QStringLiteral("iterations"), 1);
    return lw::engineRunSpec(s, options);
}

// Runs spec in debug mode to its bye; returns the debug_step records.
QList<QJsonObject> runDebug(ProtocolEngine &e, const QJsonObject &spec)
{
    if (!e.start())
        return {};
    e.send({{QStringLiteral("cmd"), QStringLiteral("start")}, {QStringLiteral("spec"), spec}});
    const QJsonObject bye = e.waitFor(QStringLiteral("bye"), 20000);
    if (bye.value(QStringLiteral("event")).toString() != QLatin1String("bye"))
        qWarning("no bye: %s", QJsonDocument(bye).toJson(QJsonDocument::Compact).constData());
    return e.named(QStringLiteral("debug_step"));
}

QJsonObject find(const QJsonArray &list, const QString &key, const QString &value)
{
    for (const QJsonValue &v : list)
        if (v.toObject().value(key).toString() == value)
            return v.toObject();
    return {};
}

QString header(const QJsonObject &message, const QString &name)
{
    for (const QJsonValue &h : message.value(QStringLiteral("headers")).toArray())
        if (h.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return h.toArray().at(1).toString();
    return {};
}

} // namespace

class TestEngineDebug : public QObject
{
    Q_OBJECT
private slots:
    void journeyRecordsEveryStep();
    void failingCheckEndsTheIteration();
    void failingExtractionSaysWhy();
    void onePerDataRow();
    void iterationsAreFreshUsers();
    void unknownScenarioIsInvalid();
    void hostOutsideAllowListIsRefused();
};

void TestEngineDebug::journeyRecordsEveryStep()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    const QList<QJsonObject> steps = runDebug(e, debugSpec(journey(t), {{QStringLiteral("iterations"), 1}}));
    QVERIFY(e.named(QStringLiteral("hello"))
                .value(0)
                .value(QStringLiteral("capabilities"))
                .toArray()
                .contains(QStringLiteral("debug")));
    QCOMPARE(steps.size(), 4);
    QStringList names;
    for (const QJsonObject &s : steps) {
        names << s.value(QStringLiteral("step")).toString();
        QCOMPARE(s.value(QStringLiteral("debug_version")).toInt(), 1);
        QCOMPARE(s.value(QStringLiteral("vu")).toInt(), 1);
        QVERIFY2(!s.value(QStringLiteral("failed")).toBool(), QJsonDocument(s).toJson().constData());
        QVERIFY(s.value(QStringLiteral("timing")).toObject().value(QStringLiteral("latency_us")).toInteger() >
                0);
    }
    QCOMPARE(names, (QStringList{QStringLiteral("login"), QStringLiteral("catalogue"),
                                 QStringLiteral("add-to-cart"), QStringLiteral("checkout")}));

    // login: the body as sent (data row 1 filled in), the token and the session cookie extracted.
    const QJsonObject login = steps[0];
    const QJsonObject request = login.value(QStringLiteral("request")).toObject();
    QCOMPARE(request.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(request.value(QStringLiteral("url")).toString(), t.url(QStringLiteral("/api/login")));
    QCOMPARE(request.value(QStringLiteral("body")).toString(),
             QStringLiteral("{\"user\":\"user0001\",\"password\":\"secret-0001\"}"));
    QCOMPARE(login.value(QStringLiteral("rows")).toObject().value(QStringLiteral("users")).toInt(), 0);
    QVERIFY(!login.value(QStringLiteral("timing")).toObject().value(QStringLiteral("connect_us")).isNull());
    const QJsonObject response = login.value(QStringLiteral("response")).toObject();
    QCOMPARE(response.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(header(response, QStringLiteral("Set-Cookie")).startsWith(QStringLiteral("session=")));
    const QJsonArray extractions = login.value(QStringLiteral("extractions")).toArray();
    const QString token = find(extractions, QStringLiteral("var"), QStringLiteral("token"))
                              .value(QStringLiteral("value"))
                              .toString();
    QVERIFY(token.size() >= 8);
    QVERIFY(response.value(QStringLiteral("body")).toString().contains(token));
    const QString session = find(extractions, QStringLiteral("var"), QStringLiteral("session"))
                                .value(QStringLiteral("value"))
                                .toString();
    QVERIFY(!session.isEmpty());
    const QJsonArray cookies = login.value(QStringLiteral("cookies")).toArray();
    QCOMPARE(cookies.size(), 1);
    QCOMPARE(cookies[0].toArray().at(0).toString(), QStringLiteral("session"));
    QCOMPARE(cookies[0].toArray().at(1).toString(), session);
    // Its scope and lifetime, as the jar keeps them: host-only for the target, Path=/, no expiry.
    const QJsonArray attributes = login.value(QStringLiteral("cookie_attributes")).toArray();
    QCOMPARE(attributes.size(), 1);
    const QJsonObject sessionCookie = attributes[0].toObject();
    QCOMPARE(sessionCookie.value(QStringLiteral("name")).toString(), QStringLiteral("session"));
    QCOMPARE(sessionCookie.value(QStringLiteral("domain")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(sessionCookie.value(QStringLiteral("host_only")).toBool(), true);
    QCOMPARE(sessionCookie.value(QStringLiteral("path")).toString(), QStringLiteral("/"));
    QVERIFY(sessionCookie.value(QStringLiteral("expires_ms")).isNull());
    QCOMPARE(sessionCookie.value(QStringLiteral("secure")).toBool(), false);
    QCOMPARE(sessionCookie.value(QStringLiteral("http_only")).toBool(), true);
    QVERIFY(!sessionCookie.contains(QStringLiteral("value"))); // values stay where secrets are masked
    const QJsonArray checks = login.value(QStringLiteral("checks")).toArray();
    QCOMPARE(checks.size(), 2);
    QCOMPARE(find(checks, QStringLiteral("name"), QStringLiteral("login accepted"))
                 .value(QStringLiteral("measured"))
                 .toString(),
             QStringLiteral("status 200"));

    // The catalogue is sent with the session cookie from the jar; its think time is skipped.
    QCOMPARE(header(steps[1].value(QStringLiteral("request")).toObject(), QStringLiteral("Cookie")),
             QStringLiteral("session=") + session);
    const QJsonObject think = steps[1].value(QStringLiteral("think_time")).toObject();
    QCOMPARE(think.value(QStringLiteral("configured_us")).toInteger(), 100000);
    QCOMPARE(think.value(QStringLiteral("applied")).toBool(), false);
    QVERIFY(steps[1]
                .value(QStringLiteral("timing"))
                .toObject()
                .value(QStringLiteral("reused_connection"))
                .toBool());

    // The extracted token is sent in the cart's Authorization header, the product id in its body.
    const QJsonObject cart = steps[2].value(QStringLiteral("request")).toObject();
    QCOMPARE(header(cart, QStringLiteral("Authorization")), QStringLiteral("Bearer ") + token);
    QVERIFY(cart.value(QStringLiteral("body")).toString().startsWith(QStringLiteral("{\"product_id\":")));
    QCOMPARE(header(steps[3].value(QStringLiteral("request")).toObject(), QStringLiteral("X-Session")),
             session);

    for (int i = 0; i < 3; ++i)
        QVERIFY(steps[i].value(QStringLiteral("iteration_end")).isNull());
    const QJsonObject end = steps[3].value(QStringLiteral("iteration_end")).toObject();
    QCOMPARE(end.value(QStringLiteral("completed")).toBool(), true);

    const QJsonObject summary = e.named(QStringLiteral("summary")).value(0);
    QCOMPARE(summary.value(QStringLiteral("requests")).toInt(), 4);
    QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
    const QJsonObject stats = shopStats(t.port);
    QCOMPARE(stats.value(QStringLiteral("logins")).toObject().value(QStringLiteral("user0001")).toInt(), 1);
    QCOMPARE(stats.value(QStringLiteral("orders")).toInt(), 1);
}

void TestEngineDebug::failingCheckEndsTheIteration()
{
    Target t;
    QVERIFY(t.start({}));
    lw::Strategy s = journey(t);
    s.scenarios[0].steps[2].checks[0].value = QStringLiteral("2"); // "one item in cart" now expects 2
    ProtocolEngine e;
    const QList<QJsonObject> steps = runDebug(e, debugSpec(s, {}));
    QCOMPARE(steps.size(), 3); // on_failure end_iteration: no checkout
    const QJsonObject cart = steps[2];
    QVERIFY(cart.value(QStringLiteral("failed")).toBool());
    const QJsonObject check = cart.value(QStringLiteral("checks")).toArray().at(0).toObject();
    QCOMPARE(check.value(QStringLiteral("passed")).toBool(), false);
    QCOMPARE(check.value(QStringLiteral("expected")).toString(), QStringLiteral("/count equals \"2\""));
    QCOMPARE(check.value(QStringLiteral("measured")).toString(), QStringLiteral("/count = 1"));
    const QJsonObject end = cart.value(QStringLiteral("iteration_end")).toObject();
    QCOMPARE(end.value(QStringLiteral("completed")).toBool(), false);
    QCOMPARE(end.value(QStringLiteral("reason")).toString(), QStringLiteral("a check failed"));
    const QJsonObject summary = e.named(QStringLiteral("summary")).value(0);
    QCOMPARE(
        summary.value(QStringLiteral("errors_by_class")).toObject().value(QStringLiteral("check")).toInt(),
        1);
}

void TestEngineDebug::failingExtractionSaysWhy()
{
    Target t;
    QVERIFY(t.start({}));
    lw::Strategy s = journey(t);
    s.scenarios[0].steps[0].extract[0].expression = QStringLiteral("/nope");
    ProtocolEngine e;
    const QList<QJsonObject> steps = runDebug(e, debugSpec(s, {}));
    QCOMPARE(steps.size(), 1);
    const QJsonObject x = steps[0].value(QStringLiteral("extractions")).toArray().at(0).toObject();
    QCOMPARE(x.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(x.value(QStringLiteral("error")).toString(), QStringLiteral("no value at /nope"));
    QVERIFY(!x.contains(QStringLiteral("value")));
    QCOMPARE(
        steps[0].value(QStringLiteral("iteration_end")).toObject().value(QStringLiteral("reason")).toString(),
        QStringLiteral("an extraction failed"));
}

void TestEngineDebug::onePerDataRow()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    const QList<QJsonObject> steps = runDebug(e, debugSpec(journey(t), {{QStringLiteral("rows"), 3}}));
    QCOMPARE(steps.size(), 12);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject login = steps[i * 4];
        QCOMPARE(login.value(QStringLiteral("step")).toString(), QStringLiteral("login"));
        QCOMPARE(login.value(QStringLiteral("iteration")).toInt(), i);
        QCOMPARE(login.value(QStringLiteral("vu")).toInt(), i + 1);
        QCOMPARE(login.value(QStringLiteral("rows")).toObject().value(QStringLiteral("users")).toInt(), i);
        QVERIFY(login.value(QStringLiteral("request"))
                    .toObject()
                    .value(QStringLiteral("body"))
                    .toString()
                    .contains(QStringLiteral("user%1").arg(i + 1, 4, 10, QLatin1Char('0'))));
        QVERIFY(!steps[i * 4 + 3].value(QStringLiteral("failed")).toBool());
    }
    // Each user logged in exactly once: the target counts it.
    const QJsonObject logins = shopStats(t.port).value(QStringLiteral("logins")).toObject();
    QCOMPARE(logins.value(QStringLiteral("user0001")).toInt(), 1);
    QCOMPARE(logins.value(QStringLiteral("user0003")).toInt(), 1);
    QVERIFY(!logins.contains(QStringLiteral("user0004")));
}

void TestEngineDebug::iterationsAreFreshUsers()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    const QList<QJsonObject> steps =
        runDebug(e, debugSpec(journey(t), {{QStringLiteral("iterations"), 2},
                                           {QStringLiteral("scenario"), QStringLiteral("checkout")}}));
    QCOMPARE(steps.size(), 8);
    // The second user starts with an empty jar and a new connection.
    const QJsonObject secondLogin = steps[4];
    QCOMPARE(secondLogin.value(QStringLiteral("vu")).toInt(), 2);
    QCOMPARE(header(secondLogin.value(QStringLiteral("request")).toObject(), QStringLiteral("Cookie")),
             QString());
    QVERIFY(!secondLogin.value(QStringLiteral("timing"))
                 .toObject()
                 .value(QStringLiteral("reused_connection"))
                 .toBool());
    QVERIFY(steps[4]
                .value(QStringLiteral("extractions"))
                .toArray()
                .at(0)
                .toObject()
                .value(QStringLiteral("value")) != steps[0]
                                                       .value(QStringLiteral("extractions"))
                                                       .toArray()
                                                       .at(0)
                                                       .toObject()
                                                       .value(QStringLiteral("value")));
}

void TestEngineDebug::unknownScenarioIsInvalid()
{
    Target t;
    QVERIFY(t.start({}));
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send({{QStringLiteral("cmd"), QStringLiteral("start")},
            {QStringLiteral("spec"),
             debugSpec(journey(t), {{QStringLiteral("scenario"), QStringLiteral("browse")}})}});
    const QJsonObject error = e.waitFor(QStringLiteral("started"), 5000);
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_spec"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(),
             QStringLiteral("debug.scenario: there is no scenario named 'browse' (scenarios: checkout)"));
}

void TestEngineDebug::hostOutsideAllowListIsRefused()
{
    lw::Strategy s;
    {
        Target t;
        QVERIFY(t.start({}));
        s = journey(t);
    }
    for (lw::Scenario &sc : s.scenarios)
        for (lw::Step &st : sc.steps)
            st.url.replace(QStringLiteral("127.0.0.1"), QStringLiteral("192.0.2.10")); // TEST-NET-1
    ProtocolEngine e;
    QVERIFY(e.start());
    e.send({{QStringLiteral("cmd"), QStringLiteral("start")}, {QStringLiteral("spec"), debugSpec(s, {})}});
    const QJsonObject error = e.waitFor(QStringLiteral("started"), 5000);
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("host_refused"));
    QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("192.0.2.10")),
             qPrintable(error.value(QStringLiteral("message")).toString()));
    QTest::qWait(200);
    e.pump();
    QVERIFY(e.named(QStringLiteral("debug_step")).isEmpty());
}

QTEST_GUILESS_MAIN(TestEngineDebug)
#include "tst_enginedebug.moc"
