// Starting points for new strategies. Each template is a complete plan an engineer would recognise
// for its test type; the numbers are sensible defaults for a single service, to be tuned.

#include "model/strategytemplates.h"

namespace lw {

namespace {

const QString kTarget = QStringLiteral("${TARGET:-http://127.0.0.1:8080}");

Target target(const QString &name, const QString &method, const QString &path, double weight = 1)
{
    Target t;
    t.name = name;
    t.method = method;
    t.url = kTarget + path;
    t.weight = weight;
    return t;
}

Stage stage(const char *duration, double value, StageRamp ramp = StageRamp::Linear)
{
    return Stage{QString::fromLatin1(duration), value, ramp};
}

Metric pct(double p)
{
    return Metric{MetricKind::LatencyPercentile, p};
}

Metric metric(MetricKind kind)
{
    return Metric{kind, 99.0};
}

SafetyLimit limit(const char *name, Metric m, double threshold, const char *forDuration, SafetyAction action)
{
    SafetyLimit l;
    l.name = QString::fromLatin1(name);
    l.metric = m;
    l.threshold = threshold;
    l.forDuration = QString::fromLatin1(forDuration);
    l.action = action;
    return l;
}

SuccessCriterion criterion(Metric m, Comparison op, double threshold, double weight, bool required)
{
    return SuccessCriterion{m, op, threshold, weight, required, {}};
}

Prerequisite healthCheck()
{
    Prerequisite p;
    p.name = QStringLiteral("Service is healthy");
    p.type = PrerequisiteType::HttpHealth;
    p.url = kTarget + QStringLiteral("/health");
    p.expectStatus = 200;
    p.description = QStringLiteral("The health endpoint answers 200 before any load is sent.");
    return p;
}

Prerequisite manual(const char *name, const char *description)
{
    Prerequisite p;
    p.name = QString::fromLatin1(name);
    p.type = PrerequisiteType::Manual;
    p.description = QString::fromLatin1(description);
    p.autoCheck = false;
    return p;
}

Risk risk(const char *id, const char *name, const char *category, int probability, int impact,
          const char *mitigation, const QStringList &actions)
{
    Risk r;
    r.id = QString::fromLatin1(id);
    r.name = QString::fromLatin1(name);
    r.category = QString::fromLatin1(category);
    r.probability = probability;
    r.impact = impact;
    r.mitigation.description = QString::fromLatin1(mitigation);
    r.mitigation.actions = actions;
    return r;
}

RollbackProcedure procedure(const char *name, const QString &command, const char *timeout,
                            const QString &verify)
{
    return RollbackProcedure{QString::fromLatin1(name), command, QString::fromLatin1(timeout), verify};
}

NotificationRoute route(const char *event, const char *channel, AlertSeverity min)
{
    return NotificationRoute{QString::fromLatin1(event), QString::fromLatin1(channel), min};
}

// The defaults every web-service test starts from: two read endpoints, an error-rate stop and
// latency criteria.
Strategy base(StrategyType type, const QString &name, const QString &description)
{
    Strategy s;
    s.name = name;
    s.description = description;
    s.type = type;
    s.tags = QStringList{toString(type)};
    s.targets = {target(QStringLiteral("home"), QStringLiteral("GET"), QStringLiteral("/"), 3),
                 target(QStringLiteral("api-items"), QStringLiteral("GET"), QStringLiteral("/api/items"), 1)};
    s.load.model = LoadModel::Open;
    s.load.maxConnections = 64;
    s.load.requestTimeout = QStringLiteral("10s");
    s.safetyLimits = {limit("Error rate", metric(MetricKind::ErrorRate), 5, "10s", SafetyAction::Stop)};
    s.successCriteria = {criterion(pct(95), Comparison::LessOrEqual, 300, 2, true),
                         criterion(pct(99), Comparison::LessOrEqual, 800, 1, false),
                         criterion(metric(MetricKind::ErrorRate), Comparison::LessOrEqual, 1, 2, true)};
    return s;
}

// Progressive-delivery templates (canary, blue-green, A/B, shadow) share tight limits that roll
// back, a rollback plan and routes to on-call.
void addRollbackSafety(Strategy &s, const QString &undo, const QString &verify)
{
    s.safetyLevel = SafetyLevel::High;
    s.safetyLimits = {
        limit("Error rate", metric(MetricKind::ErrorRate), 1, "30s", SafetyAction::Rollback),
        limit("p99 latency", pct(99), 800, "1m", SafetyAction::Rollback),
        limit("p95 latency warning", pct(95), 400, "30s", SafetyAction::Alert),
    };
    RollbackTrigger trigger;
    trigger.metric = metric(MetricKind::ErrorRate);
    trigger.threshold = 2;
    trigger.forDuration = QStringLiteral("1m");
    s.rollback.triggers = {trigger};
    s.rollback.procedures = {procedure("Send all traffic back to the stable version", undo, "2m", verify)};
    s.prerequisites = {healthCheck(),
                       manual("On-call informed", "The on-call engineer knows the test is running "
                                                  "and can be reached during it.")};
    s.risks = {risk("R1", "Errors reach real users", "availability", 2, 4,
                    "Small share of traffic, automatic rollback on errors.",
                    {QStringLiteral("Keep the new version's share small"),
                     QStringLiteral("Roll back automatically at 1% errors")})};
    s.notifications = {route("safety.*", "on-call", AlertSeverity::Warning),
                       route("run.*", "team", AlertSeverity::Info)};
}

} // namespace

Strategy strategyTemplate(StrategyType type)
{
    switch (type) {
    case StrategyType::Load: {
        Strategy s = base(type, QStringLiteral("Load test"),
                          QStringLiteral("Expected peak traffic held for five minutes: confirms the service "
                                         "meets its latency objectives at normal load."));
        s.load.stages = {stage("1m", 100), stage("5m", 100), stage("30s", 0)};
        return s;
    }
    case StrategyType::Stress: {
        Strategy s = base(type, QStringLiteral("Stress test"),
                          QStringLiteral("Steps the arrival rate well beyond expected capacity to find where "
                                         "latency and errors break down."));
        s.safetyLevel = SafetyLevel::Medium;
        s.load.maxConnections = 512;
        s.load.stages = {stage("2m", 50, StageRamp::Step),  stage("2m", 100, StageRamp::Step),
                         stage("2m", 200, StageRamp::Step), stage("2m", 400, StageRamp::Step),
                         stage("2m", 800, StageRamp::Step), stage("1m", 0)};
        s.safetyLimits = {limit("Error rate", metric(MetricKind::ErrorRate), 20, "15s", SafetyAction::Stop),
                          limit("p99 latency", pct(99), 5000, "30s", SafetyAction::Stop)};
        s.successCriteria = {
            criterion(metric(MetricKind::Throughput), Comparison::GreaterOrEqual, 400, 2, true),
            criterion(pct(99), Comparison::LessOrEqual, 2000, 1, false)};
        return s;
    }
    case StrategyType::Spike: {
        Strategy s =
            base(type, QStringLiteral("Spike test"),
                 QStringLiteral("Steady baseline, a sudden twenty-fold jump for one minute, then back: "
                                "shows whether the service absorbs bursts and recovers."));
        s.safetyLevel = SafetyLevel::Medium;
        s.load.maxConnections = 256;
        s.load.stages = {stage("2m", 20),  stage("10s", 400), stage("1m", 400),
                         stage("10s", 20), stage("3m", 20),   stage("10s", 0)};
        s.safetyLimits = {limit("Error rate", metric(MetricKind::ErrorRate), 10, "10s", SafetyAction::Stop)};
        s.successCriteria = {criterion(pct(99), Comparison::LessOrEqual, 1500, 1, false),
                             criterion(metric(MetricKind::ErrorRate), Comparison::LessOrEqual, 2, 2, true)};
        return s;
    }
    case StrategyType::Soak: {
        Strategy s = base(type, QStringLiteral("Soak test"),
                          QStringLiteral("Moderate load held for four hours to expose leaks, slow growth and "
                                         "resource exhaustion."));
        s.safetyLevel = SafetyLevel::Medium;
        s.load.stages = {stage("5m", 50), stage("4h", 50), stage("5m", 0)};
        s.safetyLimits.append(limit("Memory", metric(MetricKind::Memory), 4096, "1m", SafetyAction::Stop));
        s.successCriteria.append(
            criterion(metric(MetricKind::Memory), Comparison::LessOrEqual, 2048, 1, false));
        s.monitoring.interval = QStringLiteral("5s");
        return s;
    }
    case StrategyType::Canary: {
        Strategy s = base(type, QStringLiteral("Canary release check"),
                          QStringLiteral("A small steady rate against the canary for ten minutes with tight "
                                         "limits that roll the release back."));
        s.load.stages = {stage("1m", 10), stage("10m", 10), stage("30s", 0)};
        addRollbackSafety(s, QStringLiteral("kubectl rollout undo deployment/${SERVICE:-web}"),
                          QStringLiteral("kubectl rollout status deployment/${SERVICE:-web} --timeout=120s"));
        return s;
    }
    case StrategyType::BlueGreen: {
        Strategy s =
            base(type, QStringLiteral("Blue-green switch check"),
                 QStringLiteral("Verifies the green environment at a modest rate before and after the "
                                "switch; switches back to blue on errors."));
        for (Target &t : s.targets)
            t.headers = {HttpHeader{QStringLiteral("X-Environment"), QStringLiteral("green")}};
        s.load.stages = {stage("1m", 20), stage("10m", 20), stage("30s", 0)};
        addRollbackSafety(s, QStringLiteral("${SWITCH_COMMAND:-./deploy/switch-traffic} blue"),
                          QStringLiteral("curl -fsS ${TARGET:-http://127.0.0.1:8080}/health"));
        return s;
    }
    case StrategyType::AB: {
        Strategy s =
            base(type, QStringLiteral("A/B comparison"),
                 QStringLiteral("Sends the same steady rate to variants A and B so their latency and "
                                "errors can be compared run against run."));
        Target a = target(QStringLiteral("variant-a"), QStringLiteral("GET"), QStringLiteral("/"), 1);
        a.headers = {HttpHeader{QStringLiteral("X-Variant"), QStringLiteral("a")}};
        Target b = target(QStringLiteral("variant-b"), QStringLiteral("GET"), QStringLiteral("/"), 1);
        b.headers = {HttpHeader{QStringLiteral("X-Variant"), QStringLiteral("b")}};
        s.targets = {a, b};
        s.load.stages = {stage("1m", 20), stage("15m", 20), stage("30s", 0)};
        addRollbackSafety(s, QStringLiteral("${FLAG_COMMAND:-./deploy/feature-flag} disable variant-b"),
                          QStringLiteral("${FLAG_COMMAND:-./deploy/feature-flag} status variant-b"));
        s.safetyLevel = SafetyLevel::Medium;
        return s;
    }
    case StrategyType::Shadow: {
        Strategy s = base(type, QStringLiteral("Shadow traffic check"),
                          QStringLiteral("Replays a production-like mix against the shadow deployment; users "
                                         "never see its answers, but errors still stop the test."));
        s.targets = {
            target(QStringLiteral("read"), QStringLiteral("GET"), QStringLiteral("/api/items"), 4),
            target(QStringLiteral("write"), QStringLiteral("POST"), QStringLiteral("/api/items"), 1)};
        s.targets[1].headers = {
            HttpHeader{QStringLiteral("Content-Type"), QStringLiteral("application/json")}};
        s.targets[1].body = QStringLiteral("{\"name\":\"shadow-check\",\"quantity\":1}");
        for (Target &t : s.targets)
            t.url.replace(kTarget, QStringLiteral("${SHADOW_TARGET:-http://127.0.0.1:8080}"));
        s.load.stages = {stage("1m", 30), stage("20m", 30), stage("30s", 0)};
        addRollbackSafety(s, QStringLiteral("${MIRROR_COMMAND:-./deploy/mirror} off"),
                          QStringLiteral("${MIRROR_COMMAND:-./deploy/mirror} status"));
        s.safetyLevel = SafetyLevel::Medium;
        return s;
    }
    case StrategyType::Chaos: {
        Strategy s = base(type, QStringLiteral("Chaos experiment under load"),
                          QStringLiteral("Holds a steady rate while a fault is injected, to check that the "
                                         "service degrades gracefully and recovers once it is removed."));
        s.safetyLevel = SafetyLevel::High;
        s.load.stages = {stage("1m", 50), stage("15m", 50), stage("30s", 0)};
        s.safetyLimits = {
            limit("Error rate", metric(MetricKind::ErrorRate), 25, "30s", SafetyAction::Rollback),
            limit("p99 latency", pct(99), 10000, "1m", SafetyAction::EmergencyStop)};
        s.rollback.procedures = {procedure("Remove the injected fault",
                                           QStringLiteral("${FAULT_COMMAND:-./chaos/fault} clear"), "1m",
                                           QStringLiteral("${FAULT_COMMAND:-./chaos/fault} status"))};
        Prerequisite tool;
        tool.name = QStringLiteral("Fault tool available");
        tool.type = PrerequisiteType::Command;
        tool.command = QStringLiteral("${FAULT_COMMAND:-./chaos/fault} status");
        s.prerequisites = {
            healthCheck(), tool,
            manual("Experiment announced", "The owning team agreed to the experiment window.")};
        s.risks = {risk("R1", "Failure cascades to dependent services", "availability", 3, 4,
                        "Limit the blast radius and remove the fault automatically.",
                        {QStringLiteral("Inject the fault into one instance only"),
                         QStringLiteral("Roll back at 25% errors")}),
                   risk("R2", "Fault leaves inconsistent data", "data", 1, 5,
                        "Run against a service whose data can be restored.",
                        {QStringLiteral("Take a snapshot before the experiment")})};
        s.successCriteria = {criterion(metric(MetricKind::ErrorRate), Comparison::LessOrEqual, 5, 2, true),
                             criterion(pct(99), Comparison::LessOrEqual, 3000, 1, false)};
        s.notifications = {route("safety.*", "on-call", AlertSeverity::Warning),
                           route("run.*", "team", AlertSeverity::Info)};
        return s;
    }
    case StrategyType::Volume: {
        Strategy s =
            base(type, QStringLiteral("Volume test"),
                 QStringLiteral("Large request bodies at a modest rate: exercises parsing, storage and "
                                "memory with realistic bulk payloads."));
        s.safetyLevel = SafetyLevel::Medium;
        // A bulk import of 400 records (about 36 KiB), the kind of payload that breaks size limits.
        QString records;
        for (int i = 1; i <= 400; ++i) {
            if (i > 1)
                records += QLatin1Char(',');
            records += QStringLiteral("{\"sku\":\"SKU-%1\",\"name\":\"Catalogue item %1\",\"quantity\":%2,"
                                      "\"price\":%3.99}")
                           .arg(i, 5, 10, QLatin1Char('0'))
                           .arg(i % 17 + 1)
                           .arg(i % 90 + 9);
        }
        Target bulk =
            target(QStringLiteral("bulk-import"), QStringLiteral("POST"), QStringLiteral("/api/items/bulk"));
        bulk.headers = {HttpHeader{QStringLiteral("Content-Type"), QStringLiteral("application/json")}};
        bulk.body = QStringLiteral("{\"items\":[") + records + QStringLiteral("]}");
        s.targets = {bulk};
        s.load.stages = {stage("1m", 10), stage("10m", 10), stage("30s", 0)};
        s.load.requestTimeout = QStringLiteral("30s");
        s.safetyLimits = {limit("Error rate", metric(MetricKind::ErrorRate), 5, "15s", SafetyAction::Stop),
                          limit("p99 latency", pct(99), 15000, "30s", SafetyAction::Stop),
                          limit("Memory", metric(MetricKind::Memory), 8192, "30s", SafetyAction::Stop)};
        s.successCriteria = {
            criterion(pct(95), Comparison::LessOrEqual, 2000, 2, true),
            criterion(metric(MetricKind::ErrorRate), Comparison::LessOrEqual, 0.5, 2, true),
            criterion(metric(MetricKind::Throughput), Comparison::GreaterOrEqual, 9.5, 1, false)};
        return s;
    }
    }
    return strategyTemplate(StrategyType::Load);
}

QString templateSummary(StrategyType type)
{
    switch (type) {
    case StrategyType::Load:
        return QStringLiteral("Ramp to expected peak, hold five minutes, check latency objectives.");
    case StrategyType::Stress:
        return QStringLiteral("Step the rate up past expected capacity to find the breaking point.");
    case StrategyType::Spike:
        return QStringLiteral("Baseline, a sudden 20x burst for a minute, then recovery.");
    case StrategyType::Soak:
        return QStringLiteral("Moderate load for hours to expose leaks and slow degradation.");
    case StrategyType::Canary:
        return QStringLiteral("Small steady rate on a canary with tight limits and automatic rollback.");
    case StrategyType::BlueGreen:
        return QStringLiteral("Verify the green environment; switch back to blue on errors.");
    case StrategyType::AB:
        return QStringLiteral("Same steady rate to variants A and B to compare them.");
    case StrategyType::Shadow:
        return QStringLiteral("Production-like mix against a shadow deployment, stopped on errors.");
    case StrategyType::Chaos:
        return QStringLiteral("Steady load while a fault is injected; checks graceful degradation.");
    case StrategyType::Volume:
        return QStringLiteral("Large bulk request bodies at a modest rate.");
    }
    return QString();
}

} // namespace lw
