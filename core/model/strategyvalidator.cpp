// Semantic rules of a strategy. Each rule reports at the JSON path of the field it concerns so the
// designer can show the message next to that field.

#include "model/strategyvalidator.h"
#include "model/engineoptions.h"
#include "model/notificationevents.h"
#include "model/strategydata.h"
#include "model/strategysuggest.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace lw {

namespace {

constexpr int kMaxNameLength = 120;
constexpr double kMaxRate = 1'000'000; // requests/s; more is a typo, not a test
constexpr double kMaxVirtualUsers = 100'000;
constexpr int kMaxConnections = 100'000;

QString at(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QString num(double v)
{
    return QString::number(v, 'g', 12);
}

class Validator
{
public:
    explicit Validator(const QSet<QString> &unresolved) : m_unresolved(unresolved) {}

    QList<ValidationIssue> issues;
    qint64 suppressed = 0; // issues beyond kMaxListedIssues, only counted

    // Fields whose variables could not be resolved already have an issue; judging the unexpanded
    // text would only add noise.
    void fail(const QString &path, const QString &message)
    {
        if (m_unresolved.contains(path))
            return;
        if (issues.size() < kMaxListedIssues)
            issues.append(ValidationIssue{path, message});
        else
            ++suppressed;
    }

    void nonEmpty(const QString &value, const QString &path)
    {
        if (value.trimmed().isEmpty())
            fail(path, QStringLiteral("must not be empty"));
    }

    // allowZero for durations where 0 has a meaning ("for": act at once; think time: none).
    void duration(const QString &value, const QString &path, bool allowZero)
    {
        const std::optional<qint64> ms = parseDurationMs(value);
        if (!ms)
            fail(path,
                 QLatin1Char('"') + value +
                     QStringLiteral("\" is not a duration; write e.g. 250ms, 30s, 5m, 1h30m (at most 366d)"));
        else if (!allowZero && *ms <= 0)
            fail(path, QStringLiteral("must be greater than 0"));
    }

    void httpUrl(const QString &value, const QString &path)
    {
        if (value.trimmed().isEmpty()) {
            fail(path, QStringLiteral("must not be empty"));
            return;
        }
        // "host:port" without a scheme is the commonest mistake; say so instead of Qt's parser view.
        if (value.indexOf(QLatin1String("://")) <= 0) {
            fail(path, QLatin1Char('"') + value + QStringLiteral("\" has no scheme; write http://host/..."));
            return;
        }
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid()) {
            // errorString() continues with "; source was ...", which repeats the value.
            const QString why = url.errorString().section(QStringLiteral("; source was"), 0, 0);
            fail(path, QLatin1Char('"') + value + QStringLiteral("\" is not a valid URL: ") + why);
            return;
        }
        const QString scheme = url.scheme().toLower();
        if (scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
            fail(path, QStringLiteral("scheme \"") + scheme +
                           QStringLiteral("\" is not supported; use http or https"));
            return;
        }
        if (url.host().isEmpty())
            fail(path, QLatin1Char('"') + value + QStringLiteral("\" has no host"));
    }

    void metric(const Metric &m, const QString &path)
    {
        if (m.kind == MetricKind::LatencyPercentile && !(m.percentile > 0 && m.percentile < 100))
            fail(path, QStringLiteral("percentile must be greater than 0 and less than 100"));
    }

    void threshold(const Metric &m, double value, const QString &path)
    {
        if (!std::isfinite(value))
            fail(path, QStringLiteral("must be a finite number"));
        else if (value < 0)
            fail(path, QStringLiteral("must not be negative"));
        else if (m.kind == MetricKind::ErrorRate && value > 100)
            fail(path, QStringLiteral("is an error rate in percent and must be between 0 and 100"));
        else if (m.kind == MetricKind::CheckFailureRate && value > 100)
            fail(path, QStringLiteral("is a check failure rate in percent and must be between 0 and 100"));
    }

    void statusCode(int code, const QString &path)
    {
        if (code < 100 || code > 599)
            fail(path, QStringLiteral("must be an HTTP status code between 100 and 599"));
    }

    void clock(const QString &value, const QString &path)
    {
        static const QRegularExpression re(QStringLiteral("^([01]\\d|2[0-3]):[0-5]\\d$"));
        if (!re.match(value).hasMatch())
            fail(path, QLatin1Char('"') + value +
                           QStringLiteral("\" is not a time; write HH:MM from 00:00 to 23:59"));
    }

    void strategy(const Strategy &s);

private:
    void unique(const QStringList &values, const QString &listPath, const QString &field);
    const QSet<QString> &m_unresolved;

    void targets(const Strategy &s);
    void scenarios(const Strategy &s, QStringList &requestNames);
    void load(const LoadProfile &p);
    void safety(const Strategy &s);
    void throttle(const SafetyLimit &l, const QString &p);
    void baselineChange(const Metric &m, const QString &text, const QString &p);
    void risksAndPrerequisites(const Strategy &s);
    void monitoringAndRoutes(const Strategy &s);
};

void Validator::unique(const QStringList &values, const QString &listPath, const QString &field)
{
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (values[i].trimmed().isEmpty())
            continue;
        const QString path = field.isEmpty() ? at(listPath, i) : at(listPath, i) + QLatin1Char('.') + field;
        const auto it = seen.constFind(values[i]);
        if (it != seen.constEnd())
            fail(path,
                 QLatin1Char('"') + values[i] + QStringLiteral("\" is already used by ") + at(listPath, *it));
        else
            seen.insert(values[i], i);
    }
}

void Validator::strategy(const Strategy &s)
{
    nonEmpty(s.name, QStringLiteral("name"));
    if (s.name.size() > kMaxNameLength)
        fail(QStringLiteral("name"), QStringLiteral("must be at most %1 characters (it has %2)")
                                         .arg(kMaxNameLength)
                                         .arg(s.name.size()));
    for (qsizetype i = 0; i < s.tags.size(); ++i)
        nonEmpty(s.tags[i], at(QStringLiteral("tags"), i));
    unique(s.tags, QStringLiteral("tags"), QString());
    targets(s);
    load(s.load);
    safety(s);
    risksAndPrerequisites(s);
    monitoringAndRoutes(s);
}

void Validator::targets(const Strategy &s)
{
    static const QStringList methods = {
        QStringLiteral("GET"),   QStringLiteral("HEAD"),   QStringLiteral("POST"),   QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS")};
    // RFC 9110 token characters: anything else cannot be sent as a header name.
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    if (s.targets.isEmpty() && s.scenarios.isEmpty())
        fail(QStringLiteral("targets"), s.schemaVersion() >= 2
                                            ? QStringLiteral("needs at least one target or scenario")
                                            : QStringLiteral("needs at least one target"));
    QStringList names;
    for (qsizetype i = 0; i < s.targets.size(); ++i) {
        const Target &t = s.targets[i];
        const QString p = at(QStringLiteral("targets"), i);
        names.append(t.name);
        nonEmpty(t.name, p + QStringLiteral(".name"));
        if (!methods.contains(t.method))
            fail(p + QStringLiteral(".method"),
                 QLatin1Char('"') + t.method + QStringLiteral("\" is not a supported method") +
                     didYouMean(t.method, methods) + QStringLiteral("; expected one of: ") +
                     methods.join(QStringLiteral(", ")));
        httpUrl(t.url, p + QStringLiteral(".url"));
        for (qsizetype h = 0; h < t.headers.size(); ++h) {
            const QString hp = at(p + QStringLiteral(".headers"), h);
            if (!token.match(t.headers[h].name).hasMatch())
                fail(hp + QStringLiteral(".name"),
                     QLatin1Char('"') + t.headers[h].name +
                         QStringLiteral(
                             "\" is not a valid header name (letters, digits and !#$%&'*+.^_`|~-)"));
            if (t.headers[h].value.contains(QLatin1Char('\r')) ||
                t.headers[h].value.contains(QLatin1Char('\n')))
                fail(hp + QStringLiteral(".value"), QStringLiteral("must not contain line breaks"));
        }
        if (!(t.weight > 0) || !std::isfinite(t.weight))
            fail(p + QStringLiteral(".weight"), QStringLiteral("must be greater than 0"));
        if (t.expectStatus)
            statusCode(*t.expectStatus, p + QStringLiteral(".expect_status"));
    }
    unique(names, QStringLiteral("targets"), QStringLiteral("name"));
    scenarios(s, names);
}

// Scenario structure; references across fields are checked by validateScenarioReferences().
void Validator::scenarios(const Strategy &s, QStringList &requestNames)
{
    static const QStringList methods = {
        QStringLiteral("GET"),   QStringLiteral("HEAD"),   QStringLiteral("POST"),   QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS")};
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    // A run-time reference stands for a value only known while running; "1" keeps the URL checkable.
    static const QRegularExpression reference(QStringLiteral("\\{\\{[^}]*\\}\\}"));
    QStringList scenarioNames;
    QHash<QString, QString> stepPaths; // step and target names share one namespace (histograms)
    for (qsizetype i = 0; i < s.targets.size(); ++i)
        stepPaths.insert(s.targets[i].name, at(QStringLiteral("targets"), i));
    for (qsizetype i = 0; i < s.scenarios.size(); ++i) {
        const Scenario &sc = s.scenarios[i];
        const QString p = at(QStringLiteral("scenarios"), i);
        scenarioNames.append(sc.name);
        nonEmpty(sc.name, p + QStringLiteral(".name"));
        if (!(sc.weight > 0) || !std::isfinite(sc.weight))
            fail(p + QStringLiteral(".weight"), QStringLiteral("must be greater than 0"));
        if (sc.steps.isEmpty())
            fail(p + QStringLiteral(".steps"), QStringLiteral("needs at least one step"));
        else if (std::none_of(sc.steps.cbegin(), sc.steps.cend(), [](const Step &st) { return st.enabled; }))
            fail(p + QStringLiteral(".steps"),
                 QStringLiteral("every step is disabled, so the scenario would send nothing; enable at least "
                                "one"));
        for (qsizetype j = 0; j < sc.steps.size(); ++j) {
            const Step &st = sc.steps[j];
            const QString sp = at(p + QStringLiteral(".steps"), j);
            nonEmpty(st.name, sp + QStringLiteral(".name"));
            if (!st.name.trimmed().isEmpty()) {
                const auto it = stepPaths.constFind(st.name);
                if (it != stepPaths.constEnd())
                    fail(sp + QStringLiteral(".name"),
                         QLatin1Char('"') + st.name + QStringLiteral("\" is already used by ") + *it);
                else
                    stepPaths.insert(st.name, sp);
                requestNames.append(st.name);
            }
            if (!methods.contains(st.method))
                fail(sp + QStringLiteral(".method"),
                     QLatin1Char('"') + st.method + QStringLiteral("\" is not a supported method") +
                         didYouMean(st.method, methods) + QStringLiteral("; expected one of: ") +
                         methods.join(QStringLiteral(", ")));
            QString url = st.url;
            httpUrl(url.replace(reference, QStringLiteral("1")), sp + QStringLiteral(".url"));
            for (qsizetype h = 0; h < st.headers.size(); ++h) {
                const QString hp = at(sp + QStringLiteral(".headers"), h);
                if (!token.match(st.headers[h].name).hasMatch())
                    fail(hp + QStringLiteral(".name"),
                         QLatin1Char('"') + st.headers[h].name +
                             QStringLiteral(
                                 "\" is not a valid header name (letters, digits and !#$%&'*+.^_`|~-)"));
                if (st.headers[h].value.contains(QLatin1Char('\r')) ||
                    st.headers[h].value.contains(QLatin1Char('\n')))
                    fail(hp + QStringLiteral(".value"), QStringLiteral("must not contain line breaks"));
            }
            duration(st.thinkTime, sp + QStringLiteral(".think_time"), true);
        }
    }
    unique(scenarioNames, QStringLiteral("scenarios"), QStringLiteral("name"));
}

void Validator::load(const LoadProfile &p)
{
    const bool closed = p.model == LoadModel::Closed;
    if (p.stages.isEmpty())
        fail(QStringLiteral("load.stages"), QStringLiteral("needs at least one stage"));
    for (qsizetype i = 0; i < p.stages.size(); ++i) {
        const Stage &st = p.stages[i];
        const QString sp = at(QStringLiteral("load.stages"), i);
        duration(st.duration, sp + QStringLiteral(".duration"), false);
        const QString tp = sp + QStringLiteral(".target");
        if (!std::isfinite(st.target) || st.target < 0)
            fail(tp, QStringLiteral("must not be negative"));
        else if (closed && st.target != std::floor(st.target))
            fail(tp,
                 QStringLiteral("is a number of virtual users in a closed model and must be a whole number"));
        else if (closed && st.target > kMaxVirtualUsers)
            fail(tp, QStringLiteral("must be at most %1 virtual users").arg(num(kMaxVirtualUsers)));
        else if (!closed && st.target > kMaxRate)
            fail(tp, QStringLiteral("must be at most %1 requests/s").arg(num(kMaxRate)));
    }
    if (p.maxConnections < 1 || p.maxConnections > kMaxConnections)
        fail(QStringLiteral("load.max_connections"),
             QStringLiteral("must be between 1 and %1").arg(kMaxConnections));
    duration(p.requestTimeout, QStringLiteral("load.request_timeout"), false);
    duration(p.thinkTime, QStringLiteral("load.think_time"), true);
    if (p.rateCap && (!std::isfinite(*p.rateCap) || *p.rateCap <= 0))
        fail(QStringLiteral("load.rate_cap"), QStringLiteral("must be greater than 0 (or null for no cap)"));
}

void Validator::throttle(const SafetyLimit &l, const QString &p)
{
    if (l.metric.kind == MetricKind::Throughput)
        fail(p + QStringLiteral(".action"),
             QStringLiteral("throttle lowers the load, which lowers throughput further; a throughput limit "
                            "can alert or stop, not throttle"));
    const ThrottleSpec &t = l.throttle;
    if (!std::isfinite(t.factor) || t.factor <= 0 || t.factor >= 1)
        fail(p + QStringLiteral(".factor"),
             QStringLiteral("must be between 0 and 1, both excluded (0.5 halves the load)"));
    if (!std::isfinite(t.floor) || t.floor < 0)
        fail(p + QStringLiteral(".floor"),
             QStringLiteral(
                 "must be 0 or more (requests/s in the open model, virtual users in the closed one)"));
    duration(t.cooldown, p + QStringLiteral(".cooldown"), false);
}

void Validator::baselineChange(const Metric &m, const QString &text, const QString &p)
{
    const QString path = p + QLatin1Char('.') + QLatin1String(baselineChangeKey(m));
    if (parseBaselineChange(text, m))
        return;
    if (m.kind == MetricKind::Throughput)
        fail(path,
             QLatin1Char('"') + text +
                 QStringLiteral("\" is not a decrease; write a percentage below 100 (10%) or an amount of "
                                "requests/s (100/s)"));
    else if (measuresLatency(m))
        fail(path,
             QLatin1Char('"') + text +
                 QStringLiteral("\" is not an increase; write a percentage (+20%) or an amount (+50ms)"));
}

void Validator::safety(const Strategy &s)
{
    const bool hasProcedures = !s.rollback.procedures.isEmpty();
    const QString needsPlan = QStringLiteral(
        "\"rollback\" needs a rollback plan with at least one procedure (rollback.procedures is empty)");
    bool stops = false;
    for (qsizetype i = 0; i < s.safetyLimits.size(); ++i) {
        const SafetyLimit &l = s.safetyLimits[i];
        const QString p = at(QStringLiteral("safety_limits"), i);
        metric(l.metric, p + QStringLiteral(".metric"));
        if (l.baselineChange.isEmpty())
            threshold(l.metric, l.threshold, p + QStringLiteral(".threshold"));
        else
            baselineChange(l.metric, l.baselineChange, p);
        duration(l.forDuration, p + QStringLiteral(".for"), true);
        if (l.action == SafetyAction::Rollback && !hasProcedures)
            fail(p + QStringLiteral(".action"), needsPlan);
        if (l.action == SafetyAction::Throttle)
            throttle(l, p);
        stops = stops || (l.action != SafetyAction::Alert && l.action != SafetyAction::Throttle);
    }
    if (s.safetyLevel >= SafetyLevel::High && !stops)
        fail(QStringLiteral("safety_limits"),
             QStringLiteral("a %1 safety level needs at least one safety limit whose action ends the run "
                            "(stop, emergency_stop or rollback), so a run that harms the system stops on its "
                            "own instead of waiting for someone to notice")
                 .arg(toString(s.safetyLevel)));

    for (qsizetype i = 0; i < s.rollback.triggers.size(); ++i) {
        const RollbackTrigger &t = s.rollback.triggers[i];
        const QString p = at(QStringLiteral("rollback.triggers"), i);
        metric(t.metric, p + QStringLiteral(".metric"));
        threshold(t.metric, t.threshold, p + QStringLiteral(".threshold"));
        duration(t.forDuration, p + QStringLiteral(".for"), true);
        if (t.action == SafetyAction::Rollback && !hasProcedures)
            fail(p + QStringLiteral(".action"), needsPlan);
        if (t.action == SafetyAction::Throttle)
            fail(p + QStringLiteral(".action"),
                 QStringLiteral(
                     "throttle is an action of safety limits only; a rollback trigger stops or rolls "
                     "back (use a safety limit with \"action\": \"throttle\")"));
    }
    for (qsizetype i = 0; i < s.rollback.procedures.size(); ++i) {
        const RollbackProcedure &r = s.rollback.procedures[i];
        const QString p = at(QStringLiteral("rollback.procedures"), i);
        nonEmpty(r.name, p + QStringLiteral(".name"));
        nonEmpty(r.command, p + QStringLiteral(".command"));
        duration(r.timeout, p + QStringLiteral(".timeout"), false);
    }

    for (qsizetype i = 0; i < s.successCriteria.size(); ++i) {
        const SuccessCriterion &c = s.successCriteria[i];
        const QString p = at(QStringLiteral("success_criteria"), i);
        metric(c.metric, p + QStringLiteral(".metric"));
        if (c.baselineChange.isEmpty())
            threshold(c.metric, c.threshold, p + QStringLiteral(".threshold"));
        else
            baselineChange(c.metric, c.baselineChange, p);
        if (!(c.weight > 0) || !std::isfinite(c.weight))
            fail(p + QStringLiteral(".weight"), QStringLiteral("must be greater than 0"));
    }
}

void Validator::risksAndPrerequisites(const Strategy &s)
{
    QStringList ids;
    for (qsizetype i = 0; i < s.risks.size(); ++i) {
        const Risk &r = s.risks[i];
        const QString p = at(QStringLiteral("risks"), i);
        ids.append(r.id);
        nonEmpty(r.id, p + QStringLiteral(".id"));
        nonEmpty(r.name, p + QStringLiteral(".name"));
        if (r.probability < 1 || r.probability > 5)
            fail(p + QStringLiteral(".probability"),
                 QStringLiteral("must be between 1 (rare) and 5 (almost certain)"));
        if (r.impact < 1 || r.impact > 5)
            fail(p + QStringLiteral(".impact"),
                 QStringLiteral("must be between 1 (negligible) and 5 (severe)"));
        for (qsizetype a = 0; a < r.mitigation.actions.size(); ++a)
            nonEmpty(r.mitigation.actions[a], at(p + QStringLiteral(".mitigation.actions"), a));
    }
    unique(ids, QStringLiteral("risks"), QStringLiteral("id"));

    QStringList names;
    for (qsizetype i = 0; i < s.prerequisites.size(); ++i) {
        const Prerequisite &r = s.prerequisites[i];
        const QString p = at(QStringLiteral("prerequisites"), i);
        names.append(r.name);
        nonEmpty(r.name, p + QStringLiteral(".name"));
        duration(r.timeout, p + QStringLiteral(".timeout"), false);
        const QString need = QStringLiteral("is required for a %1 prerequisite").arg(toString(r.type));
        auto required = [&](const QString &value, const char *field) {
            if (value.trimmed().isEmpty())
                fail(p + QLatin1Char('.') + QLatin1String(field), need);
        };
        switch (r.type) {
        case PrerequisiteType::HttpHealth:
            if (r.url.trimmed().isEmpty())
                required(r.url, "url");
            else
                httpUrl(r.url, p + QStringLiteral(".url"));
            statusCode(r.expectStatus, p + QStringLiteral(".expect_status"));
            break;
        case PrerequisiteType::TcpPort:
            required(r.host, "host");
            if (r.port < 1 || r.port > 65535)
                fail(p + QStringLiteral(".port"), QStringLiteral("must be a TCP port between 1 and 65535"));
            break;
        case PrerequisiteType::Command:
            required(r.command, "command");
            break;
        case PrerequisiteType::FreeDisk:
            required(r.path, "path");
            if (!(r.minFreeMiB > 0) || !std::isfinite(r.minFreeMiB))
                fail(p + QStringLiteral(".min_free_mib"), QStringLiteral("must be greater than 0"));
            break;
        case PrerequisiteType::Manual:
            required(r.description, "description");
            break;
        }
    }
    unique(names, QStringLiteral("prerequisites"), QStringLiteral("name"));
}

void Validator::monitoringAndRoutes(const Strategy &s)
{
    const MonitoringPlan &m = s.monitoring;
    for (qsizetype i = 0; i < m.processes.size(); ++i) {
        const ProcessWatch &w = m.processes[i];
        const QString p = at(QStringLiteral("monitoring.processes"), i);
        const bool hasName = !w.name.trimmed().isEmpty();
        if (w.pid.has_value() == hasName)
            fail(p, QStringLiteral("set exactly one of pid or name"));
        else if (w.pid && *w.pid <= 0)
            fail(p + QStringLiteral(".pid"), QStringLiteral("must be greater than 0"));
    }
    for (qsizetype i = 0; i < m.prometheus.size(); ++i) {
        const QString p = at(QStringLiteral("monitoring.prometheus"), i);
        httpUrl(m.prometheus[i].url, p + QStringLiteral(".url"));
        for (qsizetype k = 0; k < m.prometheus[i].metrics.size(); ++k)
            nonEmpty(m.prometheus[i].metrics[k], at(p + QStringLiteral(".metrics"), k));
    }
    const std::optional<qint64> interval = parseDurationMs(m.interval);
    if (!interval)
        duration(m.interval, QStringLiteral("monitoring.interval"), false);
    else if (*interval < 100)
        fail(QStringLiteral("monitoring.interval"), QStringLiteral("must be at least 100ms"));

    for (qsizetype i = 0; i < s.windows.size(); ++i) {
        const TestingWindow &w = s.windows[i];
        const QString p = at(QStringLiteral("windows"), i);
        clock(w.start, p + QStringLiteral(".start"));
        clock(w.end, p + QStringLiteral(".end"));
        if (w.start == w.end)
            fail(p + QStringLiteral(".end"),
                 QStringLiteral("must differ from start (the window would be empty)"));
        QSet<Weekday> days;
        for (qsizetype d = 0; d < w.days.size(); ++d) {
            if (days.contains(w.days[d]))
                fail(at(p + QStringLiteral(".days"), d),
                     QLatin1Char('"') + toString(w.days[d]) + QStringLiteral("\" is listed twice"));
            days.insert(w.days[d]);
        }
    }

    // Event names are dotted lower-case words; "*" matches one or more trailing words ("run.*").
    static const QRegularExpression event(QStringLiteral("^(\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?)$"));
    for (qsizetype i = 0; i < s.notifications.size(); ++i) {
        const NotificationRoute &n = s.notifications[i];
        const QString p = at(QStringLiteral("notifications"), i);
        if (n.event.trimmed().isEmpty())
            fail(p + QStringLiteral(".event"), QStringLiteral("must not be empty"));
        else if (!event.match(n.event).hasMatch())
            fail(p + QStringLiteral(".event"),
                 QLatin1Char('"') + n.event +
                     QStringLiteral(
                         "\" is not an event pattern; write a name such as run.failed, a prefix such "
                         "as run.* or * for every event"));
        else if (const QString problem = unraisedEventProblem(n.event); !problem.isEmpty())
            fail(p + QStringLiteral(".event"), problem);
        nonEmpty(n.channel, p + QStringLiteral(".channel"));
    }
}

} // namespace

QList<ValidationIssue> validateStrategy(const Strategy &s, const Variables &vars)
{
    QList<ValidationIssue> issues;
    const Strategy resolved = resolveVariables(s, vars, &issues);
    QSet<QString> unresolved;
    for (const ValidationIssue &i : issues)
        unresolved.insert(i.path);
    Validator v(unresolved);
    v.strategy(resolved);
    issues += v.issues;
    for (const ValidationIssue &i : validateScenarioReferences(resolved))
        if (!unresolved.contains(i.path))
            issues.append(i);
    issues += validateEngineChoice(resolved.engine);
    if (issues.size() > kMaxListedIssues) {
        v.suppressed += issues.size() - kMaxListedIssues;
        issues.resize(kMaxListedIssues);
    }
    appendSuppressedIssue(issues, v.suppressed);
    return issues;
}

ParseResult loadStrategy(const QByteArray &json, const Variables &vars)
{
    ParseResult result = parseStrategy(json);
    if (!result.strategy)
        return result;
    result.issues = validateStrategy(*result.strategy, vars);
    if (!result.issues.isEmpty())
        result.strategy.reset();
    return result;
}

} // namespace lw
