// JSON -> Strategy: strict structural reading. Every problem is collected with its JSON path so an
// author sees all of them at once; semantic rules live in strategyvalidator.cpp.

#include "model/engineoptions.h"
#include "model/strategyjson.h"
#include "model/strategyjsonfieldreader.h"
#include "model/strategyjsonsyntax.h"
#include "model/strategyscenariojson.h"

namespace lw {

namespace {

using namespace jsonread;

class StrategyReader : public StrategyJsonFieldReader
{
public:
    void readStrategy(const json &root, Strategy &s, int schema);
    void readBaselineChange(const json &v, const QString &p, const Metric &metric, QString &out);
};

// max_latency_increase / max_throughput_decrease: one of them, on a metric it fits.
void StrategyReader::readBaselineChange(const json &v, const QString &p, const Metric &metric, QString &out)
{
    if (!v.is_object())
        return;
    const bool latency = v.contains("max_latency_increase");
    const bool throughput = v.contains("max_throughput_decrease");
    if (latency && throughput) {
        fail(join(p, "max_throughput_decrease"), QStringLiteral("give one of max_latency_increase and "
                                                                "max_throughput_decrease"));
        return;
    }
    if (latency) {
        read(v, p, "max_latency_increase", out);
        if (!measuresLatency(metric))
            fail(join(p, "max_latency_increase"),
                 QStringLiteral("needs a latency metric (p50, p99, p99.9, mean, max), not ") +
                     toString(metric));
    } else if (throughput) {
        read(v, p, "max_throughput_decrease", out);
        if (metric.kind != MetricKind::Throughput)
            fail(join(p, "max_throughput_decrease"),
                 QStringLiteral("needs the throughput metric, not ") + toString(metric));
    }
    if ((latency || throughput) && out.isEmpty())
        fail(join(p, baselineChangeKey(metric)), QStringLiteral("must not be empty"));
}

void StrategyReader::readStrategy(const json &root, Strategy &s, int schema)
{
    const QString r;
    read(root, r, "name", s.name, true);
    read(root, r, "description", s.description);
    read(root, r, "owner", s.owner);
    readEnum(root, r, "type", s.type, allStrategyTypes(), true);
    readEnum(root, r, "safety_level", s.safetyLevel, allSafetyLevels(), true);
    read(root, r, "tags", s.tags);

    readList(
        root, r, "targets", s.targets,
        [this](const json &v, const QString &p, Target &t) {
            if (!object(v, p, {"name", "method", "url", "headers", "body", "weight", "expect_status"}))
                return;
            read(v, p, "name", t.name, true);
            read(v, p, "method", t.method);
            read(v, p, "url", t.url, true);
            readList(v, p, "headers", t.headers, [this](const json &hv, const QString &hp, HttpHeader &h) {
                if (!object(hv, hp, {"name", "value"}))
                    return;
                read(hv, hp, "name", h.name, true);
                read(hv, hp, "value", h.value, true);
            });
            read(v, p, "body", t.body);
            read(v, p, "weight", t.weight);
            read(v, p, "expect_status", t.expectStatus);
        },
        schema < 2); // schema 2: targets, scenarios or both
    if (schema >= 2)
        scenariojson::read(*this, root, s);

    if (const json *load = get(root, r, "load", true)) {
        const QString p = QStringLiteral("load");
        if (object(*load, p,
                   {"model", "stages", "max_connections", "request_timeout", "think_time", "rate_cap"})) {
            readEnum(*load, p, "model", s.load.model, allLoadModels(), true);
            readList(
                *load, p, "stages", s.load.stages,
                [this](const json &v, const QString &sp, Stage &st) {
                    if (!object(v, sp, {"duration", "target", "ramp"}))
                        return;
                    read(v, sp, "duration", st.duration, true);
                    read(v, sp, "target", st.target, true);
                    readEnum(v, sp, "ramp", st.ramp, allStageRamps());
                },
                true);
            read(*load, p, "max_connections", s.load.maxConnections);
            read(*load, p, "request_timeout", s.load.requestTimeout);
            read(*load, p, "think_time", s.load.thinkTime);
            read(*load, p, "rate_cap", s.load.rateCap);
        }
    }

    readList(root, r, "safety_limits", s.safetyLimits,
             [this](const json &v, const QString &p, SafetyLimit &l) {
                 if (!object(v, p,
                             {"name", "metric", "threshold", "for", "action", "factor", "floor", "cooldown",
                              "max_latency_increase", "max_throughput_decrease"}))
                     return;
                 read(v, p, "name", l.name);
                 readMetric(v, p, "metric", l.metric, true);
                 readBaselineChange(v, p, l.metric, l.baselineChange);
                 if (l.baselineChange.isEmpty())
                     read(v, p, "threshold", l.threshold, true);
                 else if (v.contains("threshold"))
                     fail(join(p, "threshold"), QStringLiteral("give either threshold or ") +
                                                    QLatin1String(baselineChangeKey(l.metric)) +
                                                    QStringLiteral(", not both"));
                 read(v, p, "for", l.forDuration);
                 readEnum(v, p, "action", l.action, allSafetyActions());
                 // The throttle's own fields belong to "action": "throttle" only, so a stray factor on
                 // a stop limit is not silently ignored.
                 for (const char *key : {"factor", "floor", "cooldown"}) {
                     if (l.action != SafetyAction::Throttle && v.is_object() && v.contains(key))
                         fail(join(p, key), QStringLiteral("only with \"action\": \"throttle\""));
                 }
                 if (l.action == SafetyAction::Throttle) {
                     read(v, p, "factor", l.throttle.factor);
                     read(v, p, "floor", l.throttle.floor);
                     read(v, p, "cooldown", l.throttle.cooldown);
                 }
             });

    if (const json *rb = get(root, r, "rollback", false)) {
        const QString p = QStringLiteral("rollback");
        if (object(*rb, p, {"triggers", "procedures"})) {
            readList(*rb, p, "triggers", s.rollback.triggers,
                     [this](const json &v, const QString &tp, RollbackTrigger &t) {
                         if (!object(v, tp, {"metric", "threshold", "for", "severity", "action"}))
                             return;
                         readMetric(v, tp, "metric", t.metric, true);
                         read(v, tp, "threshold", t.threshold, true);
                         read(v, tp, "for", t.forDuration);
                         readEnum(v, tp, "severity", t.severity, allAlertSeverities());
                         readEnum(v, tp, "action", t.action, allSafetyActions());
                     });
            readList(*rb, p, "procedures", s.rollback.procedures,
                     [this](const json &v, const QString &pp, RollbackProcedure &proc) {
                         if (!object(v, pp, {"name", "command", "timeout", "verify_command"}))
                             return;
                         read(v, pp, "name", proc.name, true);
                         read(v, pp, "command", proc.command, true);
                         read(v, pp, "timeout", proc.timeout);
                         read(v, pp, "verify_command", proc.verifyCommand);
                     });
        }
    }

    readList(root, r, "risks", s.risks, [this](const json &v, const QString &p, Risk &risk) {
        if (!object(v, p, {"id", "name", "description", "category", "probability", "impact", "mitigation"}))
            return;
        read(v, p, "id", risk.id, true);
        read(v, p, "name", risk.name, true);
        read(v, p, "description", risk.description);
        read(v, p, "category", risk.category);
        read(v, p, "probability", risk.probability, true);
        read(v, p, "impact", risk.impact, true);
        if (const json *m = get(v, p, "mitigation", false)) {
            const QString mp = join(p, "mitigation");
            if (object(*m, mp, {"description", "actions"})) {
                read(*m, mp, "description", risk.mitigation.description);
                read(*m, mp, "actions", risk.mitigation.actions);
            }
        }
    });

    readList(root, r, "prerequisites", s.prerequisites,
             [this](const json &v, const QString &p, Prerequisite &pr) {
                 if (!object(v, p,
                             {"name", "type", "url", "expect_status", "host", "port", "command", "path",
                              "min_free_mib", "description", "timeout", "required", "auto_check"}))
                     return;
                 read(v, p, "name", pr.name, true);
                 readEnum(v, p, "type", pr.type, allPrerequisiteTypes(), true);
                 read(v, p, "url", pr.url);
                 read(v, p, "expect_status", pr.expectStatus);
                 read(v, p, "host", pr.host);
                 read(v, p, "port", pr.port);
                 read(v, p, "command", pr.command);
                 read(v, p, "path", pr.path);
                 read(v, p, "min_free_mib", pr.minFreeMiB);
                 read(v, p, "description", pr.description);
                 read(v, p, "timeout", pr.timeout);
                 read(v, p, "required", pr.required);
                 read(v, p, "auto_check", pr.autoCheck);
             });

    readList(root, r, "success_criteria", s.successCriteria,
             [this](const json &v, const QString &p, SuccessCriterion &c) {
                 if (!object(v, p,
                             {"metric", "operator", "threshold", "weight", "required", "max_latency_increase",
                              "max_throughput_decrease"}))
                     return;
                 readMetric(v, p, "metric", c.metric, true);
                 readBaselineChange(v, p, c.metric, c.baselineChange);
                 if (c.baselineChange.isEmpty()) {
                     readEnum(v, p, "operator", c.op, allComparisons(), true);
                     read(v, p, "threshold", c.threshold, true);
                 } else {
                     for (const char *key : {"operator", "threshold"}) {
                         if (v.contains(key))
                             fail(join(p, key), QStringLiteral("not with ") +
                                                    QLatin1String(baselineChangeKey(c.metric)) +
                                                    QStringLiteral(", which is the bound"));
                     }
                 }
                 read(v, p, "weight", c.weight);
                 read(v, p, "required", c.required);
             });

    if (const json *mon = get(root, r, "monitoring", false)) {
        const QString p = QStringLiteral("monitoring");
        if (object(*mon, p, {"host", "host_is_target", "processes", "prometheus", "interval"})) {
            read(*mon, p, "host", s.monitoring.host);
            read(*mon, p, "host_is_target", s.monitoring.hostIsTarget);
            readList(*mon, p, "processes", s.monitoring.processes,
                     [this](const json &v, const QString &pp, ProcessWatch &w) {
                         if (!object(v, pp, {"pid", "name"}))
                             return;
                         read(v, pp, "pid", w.pid);
                         read(v, pp, "name", w.name);
                     });
            readList(*mon, p, "prometheus", s.monitoring.prometheus,
                     [this](const json &v, const QString &pp, PrometheusEndpoint &e) {
                         if (!object(v, pp, {"name", "url", "metrics"}))
                             return;
                         read(v, pp, "name", e.name);
                         read(v, pp, "url", e.url, true);
                         read(v, pp, "metrics", e.metrics);
                     });
            read(*mon, p, "interval", s.monitoring.interval);
        }
    }

    readList(root, r, "windows", s.windows, [this](const json &v, const QString &p, TestingWindow &w) {
        if (!object(v, p, {"days", "start", "end"}))
            return;
        readList(v, p, "days", w.days, [this](const json &dv, const QString &dp, Weekday &d) {
            readEnum(dv, dp, d, texts(allWeekdays()));
        });
        read(v, p, "start", w.start, true);
        read(v, p, "end", w.end, true);
    });

    readList(root, r, "notifications", s.notifications,
             [this](const json &v, const QString &p, NotificationRoute &n) {
                 if (!object(v, p, {"event", "channel", "min_severity"}))
                     return;
                 read(v, p, "event", n.event, true);
                 read(v, p, "channel", n.channel, true);
                 readEnum(v, p, "min_severity", n.minSeverity, allAlertSeverities());
             });

    if (const json *engine = get(root, r, "engine", false)) {
        const QString p = QStringLiteral("engine");
        if (object(*engine, p,
                   {"kind", "workers", "external_workers", "remote_workers", "master_host", "master_port",
                    "worker_timeout"})) {
            EngineChoice &e = s.engine;
            read(*engine, p, "kind", e.kind, true);
            read(*engine, p, "workers", e.workers);
            read(*engine, p, "external_workers", e.externalWorkers);
            readList(*engine, p, "remote_workers", e.remoteWorkers,
                     [this](const json &v, const QString &wp, RemoteWorker &w) {
                         if (!object(v, wp, {"host", "command"}))
                             return;
                         read(v, wp, "host", w.host, true);
                         read(v, wp, "command", w.command);
                     });
            read(*engine, p, "master_host", e.masterHost);
            read(*engine, p, "master_port", e.masterPort);
            read(*engine, p, "worker_timeout", e.workerTimeout);
            for (const ValidationIssue &issue : validateEngineChoice(e))
                fail(issue.path, issue.message);
        }
    }
}

} // namespace

ParseResult parseStrategy(const QByteArray &data)
{
    ParseResult result;
    const std::optional<json> parsed = parseJsonDocument(data, &result.issues);
    if (!parsed)
        return result;
    const json &root = *parsed;

    StrategyReader reader;
    reader.issues = result.issues;
    if (!root.is_object()) {
        reader.fail(QString(), QStringLiteral("a strategy must be a JSON object, not ") + typeName(root));
        result.issues = reader.issues;
        return result;
    }

    // The schema decides how everything else is read: check it first and stop on a newer one, whose
    // unknown fields would only be noise. Schema 1 is read as the schema-2 subset it is (no
    // scenarios, no data), so schema-1 files need no separate reader.
    int schemaVersion = 1;
    const auto schema = root.find("schema");
    if (schema == root.end()) {
        reader.fail(QStringLiteral("schema"),
                    QStringLiteral("is required (a strategy document starts with \"schema\": 1 or 2)"));
    } else if (!schema->is_number_integer()) {
        reader.fail(QStringLiteral("schema"),
                    QStringLiteral("must be the integer 1 or 2, not ") + typeName(*schema));
    } else if (schema->is_number_unsigned() &&
               schema->get<std::uint64_t>() > std::uint64_t(Strategy::kSchemaVersion)) {
        reader.fail(
            QStringLiteral("schema"),
            QStringLiteral("this file needs a newer Loadwright (it uses schema %1; this version reads "
                           "schema 1 and %2)")
                .arg(schema->get<std::uint64_t>())
                .arg(Strategy::kSchemaVersion));
        result.issues = reader.issues;
        return result;
    } else if (schema->get<std::int64_t>() < 1) {
        reader.fail(QStringLiteral("schema"), QStringLiteral("must be 1 or 2"));
    } else {
        schemaVersion = int(schema->get<std::int64_t>());
    }

    Strategy s;
    if (schemaVersion >= 2)
        reader.object(root, QString(), {"schema",     "name",         "description",   "owner",
                                        "type",       "safety_level", "tags",          "targets",
                                        "scenarios",  "data",         "load",          "safety_limits",
                                        "rollback",   "risks",        "prerequisites", "success_criteria",
                                        "monitoring", "windows",      "notifications", "engine"});
    else
        reader.object(root, QString(),
                      {"schema", "name", "description", "owner", "type", "safety_level", "tags", "targets",
                       "load", "safety_limits", "rollback", "risks", "prerequisites", "success_criteria",
                       "monitoring", "windows", "notifications", "engine"});
    reader.readStrategy(root, s, schemaVersion);
    result.issues = reader.issues;
    appendSuppressedIssue(result.issues, reader.suppressed);
    if (result.issues.isEmpty())
        result.strategy = std::move(s);
    return result;
}

} // namespace lw
