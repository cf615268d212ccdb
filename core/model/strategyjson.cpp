// Strategy -> JSON (human order and canonical form) and the content hash. Reading is in
// strategyjsonreader.cpp.

#include "model/strategyjson.h"
#include "model/strategyscenariojson.h"

#include <QCryptographicHash>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

namespace lw {

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

// Integral values are written as integers ("5", not "5.0") so hand-written files keep their look;
// other doubles use nlohmann's shortest round-trip form.
template <class J> J number(double d)
{
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0)
        return J(static_cast<std::int64_t>(d));
    return J(d);
}

template <class J> J strings(const QStringList &list)
{
    J out = J::array();
    for (const QString &s : list)
        out.push_back(utf8(s));
    return out;
}

template <class J, class T, class F> J list(const QList<T> &items, F &&write)
{
    J out = J::array();
    for (const T &item : items)
        out.push_back(write(item));
    return out;
}

template <class J> J write(const Strategy &s)
{
    J j = J::object();
    const int schema = s.schemaVersion();
    j["schema"] = schema;
    j["name"] = utf8(s.name);
    j["description"] = utf8(s.description);
    j["owner"] = utf8(s.owner);
    j["type"] = utf8(toString(s.type));
    j["safety_level"] = utf8(toString(s.safetyLevel));
    j["tags"] = strings<J>(s.tags);

    j["targets"] = list<J>(s.targets, [](const Target &t) {
        J o = J::object();
        o["name"] = utf8(t.name);
        o["method"] = utf8(t.method);
        o["url"] = utf8(t.url);
        o["headers"] = list<J>(t.headers, [](const HttpHeader &h) {
            J hj = J::object();
            hj["name"] = utf8(h.name);
            hj["value"] = utf8(h.value);
            return hj;
        });
        o["body"] = utf8(t.body);
        o["weight"] = number<J>(t.weight);
        o["expect_status"] = t.expectStatus ? J(*t.expectStatus) : J(nullptr);
        return o;
    });

    if (schema >= 2) {
        j["scenarios"] = scenariojson::writeScenarios<J>(s);
        j["data"] = scenariojson::writeData<J>(s);
    }

    J load = J::object();
    load["model"] = utf8(toString(s.load.model));
    load["stages"] = list<J>(s.load.stages, [](const Stage &st) {
        J o = J::object();
        o["duration"] = utf8(st.duration);
        o["target"] = number<J>(st.target);
        o["ramp"] = utf8(toString(st.ramp));
        return o;
    });
    load["max_connections"] = s.load.maxConnections;
    load["request_timeout"] = utf8(s.load.requestTimeout);
    load["think_time"] = utf8(s.load.thinkTime);
    load["rate_cap"] = s.load.rateCap ? number<J>(*s.load.rateCap) : J(nullptr);
    j["load"] = load;

    j["safety_limits"] = list<J>(s.safetyLimits, [](const SafetyLimit &l) {
        J o = J::object();
        o["name"] = utf8(l.name);
        o["metric"] = utf8(toString(l.metric));
        // A relative bound replaces the threshold (and is only written when set, so other limits
        // keep their bytes and content hash).
        if (l.baselineChange.isEmpty())
            o["threshold"] = number<J>(l.threshold);
        else
            o[baselineChangeKey(l.metric)] = utf8(l.baselineChange);
        o["for"] = utf8(l.forDuration);
        o["action"] = utf8(toString(l.action));
        // Only throttle limits carry these, so every other limit keeps its bytes and content hash.
        if (l.action == SafetyAction::Throttle) {
            o["factor"] = number<J>(l.throttle.factor);
            o["floor"] = number<J>(l.throttle.floor);
            o["cooldown"] = utf8(l.throttle.cooldown);
        }
        return o;
    });

    J rollback = J::object();
    rollback["triggers"] = list<J>(s.rollback.triggers, [](const RollbackTrigger &t) {
        J o = J::object();
        o["metric"] = utf8(toString(t.metric));
        o["threshold"] = number<J>(t.threshold);
        o["for"] = utf8(t.forDuration);
        o["severity"] = utf8(toString(t.severity));
        o["action"] = utf8(toString(t.action));
        return o;
    });
    rollback["procedures"] = list<J>(s.rollback.procedures, [](const RollbackProcedure &p) {
        J o = J::object();
        o["name"] = utf8(p.name);
        o["command"] = utf8(p.command);
        o["timeout"] = utf8(p.timeout);
        o["verify_command"] = utf8(p.verifyCommand);
        return o;
    });
    j["rollback"] = rollback;

    j["risks"] = list<J>(s.risks, [](const Risk &r) {
        J o = J::object();
        o["id"] = utf8(r.id);
        o["name"] = utf8(r.name);
        o["description"] = utf8(r.description);
        o["category"] = utf8(r.category);
        o["probability"] = r.probability;
        o["impact"] = r.impact;
        J m = J::object();
        m["description"] = utf8(r.mitigation.description);
        m["actions"] = strings<J>(r.mitigation.actions);
        o["mitigation"] = m;
        return o;
    });

    j["prerequisites"] = list<J>(s.prerequisites, [](const Prerequisite &p) {
        J o = J::object();
        o["name"] = utf8(p.name);
        o["type"] = utf8(toString(p.type));
        o["url"] = utf8(p.url);
        o["expect_status"] = p.expectStatus;
        o["host"] = utf8(p.host);
        o["port"] = p.port;
        o["command"] = utf8(p.command);
        o["path"] = utf8(p.path);
        o["min_free_mib"] = number<J>(p.minFreeMiB);
        o["description"] = utf8(p.description);
        o["timeout"] = utf8(p.timeout);
        o["required"] = p.required;
        o["auto_check"] = p.autoCheck;
        return o;
    });

    j["success_criteria"] = list<J>(s.successCriteria, [](const SuccessCriterion &c) {
        J o = J::object();
        o["metric"] = utf8(toString(c.metric));
        if (c.baselineChange.isEmpty()) {
            o["operator"] = utf8(toString(c.op));
            o["threshold"] = number<J>(c.threshold);
        } else {
            o[baselineChangeKey(c.metric)] = utf8(c.baselineChange);
        }
        o["weight"] = number<J>(c.weight);
        o["required"] = c.required;
        return o;
    });

    J monitoring = J::object();
    monitoring["host"] = s.monitoring.host;
    if (s.monitoring.hostIsTarget) // optional: documents without it keep their exact form
        monitoring["host_is_target"] = true;
    monitoring["processes"] = list<J>(s.monitoring.processes, [](const ProcessWatch &p) {
        J o = J::object();
        o["pid"] = p.pid ? J(static_cast<std::int64_t>(*p.pid)) : J(nullptr);
        o["name"] = utf8(p.name);
        return o;
    });
    monitoring["prometheus"] = list<J>(s.monitoring.prometheus, [](const PrometheusEndpoint &p) {
        J o = J::object();
        o["name"] = utf8(p.name);
        o["url"] = utf8(p.url);
        o["metrics"] = strings<J>(p.metrics);
        return o;
    });
    monitoring["interval"] = utf8(s.monitoring.interval);
    j["monitoring"] = monitoring;

    j["windows"] = list<J>(s.windows, [](const TestingWindow &w) {
        J o = J::object();
        o["days"] = list<J>(w.days, [](Weekday d) { return J(utf8(toString(d))); });
        o["start"] = utf8(w.start);
        o["end"] = utf8(w.end);
        return o;
    });

    j["notifications"] = list<J>(s.notifications, [](const NotificationRoute &n) {
        J o = J::object();
        o["event"] = utf8(n.event);
        o["channel"] = utf8(n.channel);
        o["min_severity"] = utf8(toString(n.minSeverity));
        return o;
    });
    if (!s.engine.isBuiltin() || s.engine.workers != 1) {
        J engine = J::object();
        engine["kind"] = utf8(s.engine.kind);
        engine["workers"] = s.engine.workers;
        const EngineChoice &e = s.engine;
        if (e.hasWorkerOptions()) { // only then, so documents without them keep their bytes
            engine["external_workers"] = e.externalWorkers;
            engine["remote_workers"] = list<J>(e.remoteWorkers, [](const RemoteWorker &w) {
                J o = J::object();
                o["host"] = utf8(w.host);
                o["command"] = utf8(w.command);
                return o;
            });
            engine["master_host"] = utf8(e.masterHost);
            engine["master_port"] = e.masterPort;
            engine["worker_timeout"] = utf8(e.workerTimeout);
        }
        j["engine"] = engine;
    }
    return j;
}

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace

QString ValidationIssue::toString() const
{
    const QString where = path.isEmpty() ? QStringLiteral("json") : path;
    if (line > 0)
        return where + QStringLiteral(": line ") + QString::number(line) + QStringLiteral(", column ") +
               QString::number(column) + QStringLiteral(": ") + message;
    return where + QStringLiteral(": ") + message;
}

void appendSuppressedIssue(QList<ValidationIssue> &issues, qint64 suppressed)
{
    if (suppressed > 0)
        issues.append(ValidationIssue{
            QString(),
            QStringLiteral("%1 more problems not listed; fix the ones above first").arg(suppressed)});
}

QByteArray toJson(const Strategy &s, bool pretty)
{
    const nlohmann::ordered_json j = write<nlohmann::ordered_json>(s);
    // replace: a QString holding a lone surrogate must not make serialisation throw.
    std::string out = j.dump(pretty ? 2 : -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (pretty)
        out += '\n';
    return bytes(out);
}

QByteArray canonicalJson(const Strategy &s)
{
    // nlohmann::json keeps object keys in a std::map, so the dump is key-sorted by construction.
    const nlohmann::json j = write<nlohmann::json>(s);
    return bytes(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

QString contentHash(const Strategy &s)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(canonicalJson(s), QCryptographicHash::Sha256).toHex());
}

} // namespace lw
