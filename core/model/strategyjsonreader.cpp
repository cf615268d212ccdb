// JSON -> Strategy: strict structural reading. Every problem is collected with its JSON path so an
// author sees all of them at once; semantic rules live in strategyvalidator.cpp.

#include "model/strategyjson.h"
#include "model/strategysuggest.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

namespace lw {

namespace {

using json = nlohmann::json;

QString qs(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString join(const QString &path, const char *key)
{
    return path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QLatin1String(key);
}

QString index(const QString &path, std::size_t i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QString typeName(const json &v)
{
    switch (v.type()) {
    case json::value_t::null:
        return QStringLiteral("null");
    case json::value_t::object:
        return QStringLiteral("an object");
    case json::value_t::array:
        return QStringLiteral("an array");
    case json::value_t::string:
        return QStringLiteral("a string");
    case json::value_t::boolean:
        return QStringLiteral("a boolean");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return QStringLiteral("a number");
    default:
        return QStringLiteral("an unsupported value");
    }
}

template <typename E> QStringList texts(const QList<E> &values)
{
    QStringList out;
    for (E v : values)
        out.append(toString(v));
    return out;
}

class Reader
{
public:
    QList<ValidationIssue> issues;

    void fail(const QString &path, const QString &message) { issues.append(ValidationIssue{path, message}); }

    // Reports a non-object and every key not in fields (with a suggestion); true when v is an object.
    bool object(const json &v, const QString &path, std::initializer_list<const char *> fields)
    {
        if (!v.is_object()) {
            fail(path, QStringLiteral("must be an object, not ") + typeName(v));
            return false;
        }
        QStringList allowed;
        for (const char *f : fields)
            allowed.append(QString::fromLatin1(f));
        for (auto it = v.begin(); it != v.end(); ++it) {
            const QString key = qs(it.key());
            if (allowed.contains(key))
                continue;
            const QString hint = didYouMean(key, allowed);
            fail(path.isEmpty() ? key : path + QLatin1Char('.') + key,
                 hint.isEmpty()
                     ? QStringLiteral("unknown field; allowed fields: ") + allowed.join(QStringLiteral(", "))
                     : QStringLiteral("unknown field") + hint);
        }
        return true;
    }

    // The value of key, or nullptr when absent (reported when required). null counts as absent only
    // for optional values (nullable = true).
    const json *get(const json &obj, const QString &path, const char *key, bool required,
                    bool nullable = false)
    {
        const auto it = obj.find(key);
        if (it == obj.end() || (nullable && it->is_null())) {
            if (required)
                fail(join(path, key), QStringLiteral("is required"));
            return nullptr;
        }
        return &*it;
    }

    void read(const json &obj, const QString &path, const char *key, QString &out, bool required = false)
    {
        if (const json *v = get(obj, path, key, required)) {
            if (v->is_string())
                out = qs(v->get_ref<const std::string &>());
            else
                fail(join(path, key), QStringLiteral("must be a string, not ") + typeName(*v));
        }
    }

    void read(const json &obj, const QString &path, const char *key, bool &out, bool required = false)
    {
        if (const json *v = get(obj, path, key, required)) {
            if (v->is_boolean())
                out = v->get<bool>();
            else
                fail(join(path, key), QStringLiteral("must be true or false, not ") + typeName(*v));
        }
    }

    bool number(const json &v, const QString &path, double &out)
    {
        if (!v.is_number()) {
            fail(path, QStringLiteral("must be a number, not ") + typeName(v));
            return false;
        }
        out = v.get<double>();
        return true;
    }

    bool integer(const json &v, const QString &path, qint64 min, qint64 max, qint64 &out)
    {
        if (v.is_number_float()) {
            fail(path, QStringLiteral("must be a whole number"));
            return false;
        }
        if (!v.is_number_integer()) {
            fail(path, QStringLiteral("must be an integer, not ") + typeName(v));
            return false;
        }
        if ((v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(max)) ||
            (!v.is_number_unsigned() && (v.get<std::int64_t>() < min || v.get<std::int64_t>() > max))) {
            fail(path, QStringLiteral("is out of range"));
            return false;
        }
        out = v.get<std::int64_t>();
        return true;
    }

    void read(const json &obj, const QString &path, const char *key, double &out, bool required = false)
    {
        if (const json *v = get(obj, path, key, required))
            number(*v, join(path, key), out);
    }

    void read(const json &obj, const QString &path, const char *key, std::optional<double> &out)
    {
        double d = 0;
        if (const json *v = get(obj, path, key, false, true); v && number(*v, join(path, key), d))
            out = d;
    }

    void read(const json &obj, const QString &path, const char *key, int &out, bool required = false)
    {
        qint64 i = 0;
        if (const json *v = get(obj, path, key, required);
            v && integer(*v, join(path, key), INT_MIN, INT_MAX, i))
            out = int(i);
    }

    void read(const json &obj, const QString &path, const char *key, std::optional<int> &out)
    {
        qint64 i = 0;
        if (const json *v = get(obj, path, key, false, true);
            v && integer(*v, join(path, key), INT_MIN, INT_MAX, i))
            out = int(i);
    }

    void read(const json &obj, const QString &path, const char *key, std::optional<qint64> &out)
    {
        qint64 i = 0;
        if (const json *v = get(obj, path, key, false, true);
            v && integer(*v, join(path, key), LLONG_MIN, LLONG_MAX, i))
            out = i;
    }

    void read(const json &obj, const QString &path, const char *key, QStringList &out)
    {
        const json *v = get(obj, path, key, false);
        if (!v)
            return;
        const QString p = join(path, key);
        if (!v->is_array()) {
            fail(p, QStringLiteral("must be an array of strings, not ") + typeName(*v));
            return;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json &item = (*v)[i];
            if (item.is_string())
                out.append(qs(item.get_ref<const std::string &>()));
            else
                fail(index(p, i), QStringLiteral("must be a string, not ") + typeName(item));
        }
    }

    template <typename E>
    void readEnum(const json &v, const QString &path, E &out, const QStringList &allowed)
    {
        if (!v.is_string()) {
            fail(path, QStringLiteral("must be a string, not ") + typeName(v));
            return;
        }
        const QString text = qs(v.get_ref<const std::string &>());
        if (const std::optional<E> value = fromString<E>(text)) {
            out = *value;
            return;
        }
        fail(path, QLatin1Char('"') + text + QStringLiteral("\" is not allowed") + didYouMean(text, allowed) +
                       QStringLiteral("; expected one of: ") + allowed.join(QStringLiteral(", ")));
    }

    template <typename E>
    void readEnum(const json &obj, const QString &path, const char *key, E &out, const QList<E> &values,
                  bool required = false)
    {
        if (const json *v = get(obj, path, key, required))
            readEnum(*v, join(path, key), out, texts(values));
    }

    void readMetric(const json &obj, const QString &path, const char *key, Metric &out, bool required)
    {
        static const QStringList allowed = {
            QStringLiteral("p50"), QStringLiteral("p90"),        QStringLiteral("p95"),
            QStringLiteral("p99"), QStringLiteral("p99.9"),      QStringLiteral("mean"),
            QStringLiteral("max"), QStringLiteral("throughput"), QStringLiteral("error_rate"),
            QStringLiteral("cpu"), QStringLiteral("memory")};
        const json *v = get(obj, path, key, required);
        if (!v)
            return;
        const QString p = join(path, key);
        if (!v->is_string()) {
            fail(p, QStringLiteral("must be a string, not ") + typeName(*v));
            return;
        }
        const QString text = qs(v->get_ref<const std::string &>());
        if (const std::optional<Metric> m = fromString<Metric>(text)) {
            out = *m;
            return;
        }
        fail(p,
             QLatin1Char('"') + text + QStringLiteral("\" is not a metric") + didYouMean(text, allowed) +
                 QStringLiteral("; expected a latency percentile such as p50, p95, p99 or p99.9, or one of: "
                                "mean, max, throughput, error_rate, cpu, memory"));
    }

    template <typename T, typename F>
    void readList(const json &obj, const QString &path, const char *key, QList<T> &out, F &&item,
                  bool required = false)
    {
        const json *v = get(obj, path, key, required);
        if (!v)
            return;
        const QString p = join(path, key);
        if (!v->is_array()) {
            fail(p, QStringLiteral("must be an array, not ") + typeName(*v));
            return;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            T value;
            item((*v)[i], index(p, i), value);
            out.append(value);
        }
    }

    void readStrategy(const json &root, Strategy &s);
};

void Reader::readStrategy(const json &root, Strategy &s)
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
        true);

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
                 if (!object(v, p, {"name", "metric", "threshold", "for", "action"}))
                     return;
                 read(v, p, "name", l.name);
                 readMetric(v, p, "metric", l.metric, true);
                 read(v, p, "threshold", l.threshold, true);
                 read(v, p, "for", l.forDuration);
                 readEnum(v, p, "action", l.action, allSafetyActions());
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
                 if (!object(v, p, {"metric", "operator", "threshold", "weight", "required"}))
                     return;
                 readMetric(v, p, "metric", c.metric, true);
                 readEnum(v, p, "operator", c.op, allComparisons(), true);
                 read(v, p, "threshold", c.threshold, true);
                 read(v, p, "weight", c.weight);
                 read(v, p, "required", c.required);
             });

    if (const json *mon = get(root, r, "monitoring", false)) {
        const QString p = QStringLiteral("monitoring");
        if (object(*mon, p, {"host", "processes", "prometheus", "interval"})) {
            read(*mon, p, "host", s.monitoring.host);
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
}

// Tracks where the parser is so a repeated key can be reported with its path: nlohmann keeps the
// last value silently, and a duplicated "url" must not hide the first one.
class DuplicateKeyFinder
{
public:
    QList<ValidationIssue> issues;

    bool operator()(int, json::parse_event_t event, json &parsed)
    {
        switch (event) {
        case json::parse_event_t::object_start:
            m_frames.emplace_back();
            break;
        case json::parse_event_t::array_start:
            m_frames.emplace_back();
            m_frames.back().array = true;
            break;
        case json::parse_event_t::key: {
            Frame &f = m_frames.back();
            f.key = parsed.get<std::string>();
            if (!f.keys.insert(f.key).second && issues.size() < 100)
                issues.append(ValidationIssue{currentPath(), QStringLiteral("duplicate field")});
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!m_frames.empty())
                m_frames.pop_back();
            advance();
            break;
        case json::parse_event_t::value:
            advance();
            break;
        }
        return true;
    }

private:
    struct Frame
    {
        bool array = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };
    std::vector<Frame> m_frames;

    void advance()
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
    }

    QString currentPath() const
    {
        QString path;
        for (const Frame &f : m_frames) {
            if (f.array) {
                path = index(path, f.index);
            } else {
                if (!path.isEmpty())
                    path += QLatin1Char('.');
                path += qs(f.key);
            }
        }
        return path;
    }
};

ValidationIssue syntaxIssue(const QByteArray &data, const json::parse_error &e)
{
    // nlohmann reports a byte offset (1-based, of the last byte read); turn it into line and a
    // column counted in characters, which is what editors show.
    const qsizetype end = std::min<qsizetype>(qsizetype(e.byte), data.size());
    int line = 1;
    int column = 0;
    for (qsizetype i = 0; i < end; ++i) {
        const char c = data.at(i);
        if (c == '\n') {
            ++line;
            column = 0;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column;
        }
    }
    QString message = QString::fromUtf8(e.what());
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...".
    const qsizetype colon = message.indexOf(QStringLiteral(": "));
    if (colon >= 0)
        message = message.mid(colon + 2);
    ValidationIssue issue{QString(), message};
    issue.line = line;
    issue.column = std::max(column, 1);
    return issue;
}

} // namespace

ParseResult parseStrategy(const QByteArray &data)
{
    ParseResult result;
    if (data.size() > kMaxStrategyBytes) {
        result.issues.append(ValidationIssue{
            QString(),
            QStringLiteral("the file is %1 bytes; strategy documents are limited to %2 bytes (%3 MiB)")
                .arg(data.size())
                .arg(kMaxStrategyBytes)
                .arg(kMaxStrategyBytes / (1024 * 1024))});
        return result;
    }

    DuplicateKeyFinder duplicates;
    json root;
    try {
        root = json::parse(data.constBegin(), data.constEnd(), std::ref(duplicates));
    } catch (const json::parse_error &e) {
        result.issues.append(syntaxIssue(data, e));
        return result;
    } catch (const json::exception &e) {
        result.issues.append(ValidationIssue{QString(), QString::fromUtf8(e.what())});
        return result;
    }

    Reader reader;
    reader.issues = duplicates.issues;
    if (!root.is_object()) {
        reader.fail(QString(), QStringLiteral("a strategy must be a JSON object, not ") + typeName(root));
        result.issues = reader.issues;
        return result;
    }

    // The schema decides how everything else is read: check it first and stop on a newer one, whose
    // unknown fields would only be noise.
    const auto schema = root.find("schema");
    if (schema == root.end()) {
        reader.fail(QStringLiteral("schema"),
                    QStringLiteral("is required (a strategy document starts with \"schema\": 1)"));
    } else if (!schema->is_number_integer()) {
        reader.fail(QStringLiteral("schema"),
                    QStringLiteral("must be the integer 1, not ") + typeName(*schema));
    } else if (schema->is_number_unsigned() &&
               schema->get<std::uint64_t>() > std::uint64_t(Strategy::kSchemaVersion)) {
        reader.fail(
            QStringLiteral("schema"),
            QStringLiteral("this file needs a newer Loadwright (it uses schema %1; this version reads "
                           "schema %2)")
                .arg(schema->get<std::uint64_t>())
                .arg(Strategy::kSchemaVersion));
        result.issues = reader.issues;
        return result;
    } else if (schema->get<std::int64_t>() != Strategy::kSchemaVersion) {
        reader.fail(QStringLiteral("schema"), QStringLiteral("must be 1"));
    }

    Strategy s;
    reader.object(root, QString(),
                  {"schema", "name", "description", "owner", "type", "safety_level", "tags", "targets",
                   "load", "safety_limits", "rollback", "risks", "prerequisites", "success_criteria",
                   "monitoring", "windows", "notifications"});
    reader.readStrategy(root, s);
    result.issues = reader.issues;
    if (result.issues.isEmpty())
        result.strategy = std::move(s);
    return result;
}

} // namespace lw
