// JSON forms of the run value types (runjson.h).

#include "results/runjson.h"

#include <QJsonArray>
#include <QJsonValue>

namespace lw {

namespace {

// Reads o[key] into *out when present; false (with *error naming the key) for a wrong kind.
bool readDouble(const QJsonObject &o, const char *key, double *out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble()) {
        if (error)
            *error = QStringLiteral("%1 must be a number").arg(QLatin1String(key));
        return false;
    }
    *out = v.toDouble();
    return true;
}

bool readInt(const QJsonObject &o, const char *key, qint64 *out, QString *error)
{
    double d = double(*out);
    if (!readDouble(o, key, &d, error))
        return false;
    *out = qint64(d);
    return true;
}

bool readString(const QJsonObject &o, const char *key, QString *out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString()) {
        if (error)
            *error = QStringLiteral("%1 must be text").arg(QLatin1String(key));
        return false;
    }
    *out = v.toString();
    return true;
}

bool readBool(const QJsonObject &o, const char *key, bool *out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isBool()) {
        if (error)
            *error = QStringLiteral("%1 must be true or false").arg(QLatin1String(key));
        return false;
    }
    *out = v.toBool();
    return true;
}

bool readStrings(const QJsonObject &o, const char *key, QStringList *out, QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isArray()) {
        if (error)
            *error = QStringLiteral("%1 must be a list of texts").arg(QLatin1String(key));
        return false;
    }
    out->clear();
    for (const QJsonValue &item : v.toArray())
        out->append(item.toString());
    return true;
}

std::optional<PrerequisiteResult::Outcome> outcomeFromString(const QString &text)
{
    using O = PrerequisiteResult::Outcome;
    for (O o : {O::Passed, O::Failed, O::Skipped, O::Confirmed, O::Unconfirmed})
        if (toString(o) == text)
            return o;
    return std::nullopt;
}

template <typename E>
bool readEnum(const QJsonObject &o, const char *key, E *out, QString *error,
              std::optional<E> (*parse)(const QString &) = &fromString<E>)
{
    QString text;
    if (!readString(o, key, &text, error))
        return false;
    if (text.isEmpty())
        return true;
    const std::optional<E> value = parse(text);
    if (!value) {
        if (error)
            *error = QStringLiteral("%1 has an unknown value \"%2\"").arg(QLatin1String(key), text);
        return false;
    }
    *out = *value;
    return true;
}

QJsonObject countsToJson(const QMap<QString, qint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o.insert(it.key(), double(it.value()));
    return o;
}

QJsonObject statusesToJson(const QMap<int, qint64> &counts)
{
    QJsonObject o;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        o.insert(QString::number(it.key()), double(it.value()));
    return o;
}

QMap<QString, qint64> countsFromJson(const QJsonValue &v)
{
    QMap<QString, qint64> out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), qint64(it.value().toDouble()));
    return out;
}

QMap<int, qint64> statusesFromJson(const QJsonValue &v)
{
    QMap<int, qint64> out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key().toInt(), qint64(it.value().toDouble()));
    return out;
}

} // namespace

QJsonObject toJson(const ResourceSample &s)
{
    QJsonObject values;
    for (auto it = s.values.cbegin(); it != s.values.cend(); ++it)
        values.insert(it.key(), it.value());
    QJsonObject o{{QStringLiteral("at_ms"), double(s.atMs)},
                  {QStringLiteral("elapsed_s"), s.elapsedS},
                  {QStringLiteral("source"), s.source},
                  {QStringLiteral("values"), values}};
    if (!s.error.isEmpty())
        o.insert(QStringLiteral("error"), s.error);
    return o;
}

bool fromJson(const QJsonObject &o, ResourceSample *out, QString *error)
{
    ResourceSample s;
    if (!readInt(o, "at_ms", &s.atMs, error) || !readDouble(o, "elapsed_s", &s.elapsedS, error) ||
        !readString(o, "source", &s.source, error) || !readString(o, "error", &s.error, error))
        return false;
    const QJsonObject values = o.value(QLatin1String("values")).toObject();
    for (auto it = values.begin(); it != values.end(); ++it)
        s.values.insert(it.key(), it.value().toDouble());
    *out = s;
    return true;
}

QJsonObject toJson(const RunEvent &e)
{
    return {{QStringLiteral("at_ms"), double(e.atMs)}, {QStringLiteral("elapsed_s"), e.elapsedS},
            {QStringLiteral("kind"), e.kind},          {QStringLiteral("severity"), toString(e.severity)},
            {QStringLiteral("message"), e.message},    {QStringLiteral("data"), e.data}};
}

bool fromJson(const QJsonObject &o, RunEvent *out, QString *error)
{
    RunEvent e;
    if (!readInt(o, "at_ms", &e.atMs, error) || !readDouble(o, "elapsed_s", &e.elapsedS, error) ||
        !readString(o, "kind", &e.kind, error) || !readEnum(o, "severity", &e.severity, error) ||
        !readString(o, "message", &e.message, error))
        return false;
    e.data = o.value(QLatin1String("data")).toObject();
    *out = e;
    return true;
}

QJsonObject toJson(const PrerequisiteResult &r)
{
    return {{QStringLiteral("name"), r.name},
            {QStringLiteral("type"), toString(r.type)},
            {QStringLiteral("required"), r.required},
            {QStringLiteral("outcome"), toString(r.outcome)},
            {QStringLiteral("detail"), r.detail},
            {QStringLiteral("duration_ms"), double(r.durationMs)},
            {QStringLiteral("checked_by"), r.checkedBy},
            {QStringLiteral("checked_at"), r.checkedAt.isValid()
                                               ? QJsonValue(r.checkedAt.toUTC().toString(Qt::ISODateWithMs))
                                               : QJsonValue()}};
}

bool fromJson(const QJsonObject &o, PrerequisiteResult *out, QString *error)
{
    PrerequisiteResult r;
    QString checkedAt;
    if (!readString(o, "name", &r.name, error) || !readEnum(o, "type", &r.type, error) ||
        !readBool(o, "required", &r.required, error) ||
        !readEnum(o, "outcome", &r.outcome, error, &outcomeFromString) ||
        !readString(o, "detail", &r.detail, error) || !readInt(o, "duration_ms", &r.durationMs, error) ||
        !readString(o, "checked_by", &r.checkedBy, error) || !readString(o, "checked_at", &checkedAt, error))
        return false;
    if (!checkedAt.isEmpty()) {
        r.checkedAt = QDateTime::fromString(checkedAt, Qt::ISODateWithMs).toUTC();
        if (!r.checkedAt.isValid()) {
            if (error)
                *error = QStringLiteral("checked_at is not an ISO 8601 time: %1").arg(checkedAt);
            return false;
        }
    }
    *out = r;
    return true;
}

QJsonObject toJson(const CriterionResult &c)
{
    return {{QStringLiteral("metric"), toString(c.criterion.metric)},
            {QStringLiteral("op"), toString(c.criterion.op)},
            {QStringLiteral("threshold"), c.criterion.threshold},
            {QStringLiteral("weight"), c.criterion.weight},
            {QStringLiteral("required"), c.criterion.required},
            {QStringLiteral("evaluable"), c.evaluable},
            {QStringLiteral("measured"), c.measured},
            {QStringLiteral("passed"), c.passed},
            {QStringLiteral("detail"), c.detail}};
}

bool fromJson(const QJsonObject &o, CriterionResult *out, QString *error)
{
    CriterionResult c;
    if (!readEnum(o, "metric", &c.criterion.metric, error) || !readEnum(o, "op", &c.criterion.op, error) ||
        !readDouble(o, "threshold", &c.criterion.threshold, error) ||
        !readDouble(o, "weight", &c.criterion.weight, error) ||
        !readBool(o, "required", &c.criterion.required, error) ||
        !readBool(o, "evaluable", &c.evaluable, error) || !readDouble(o, "measured", &c.measured, error) ||
        !readBool(o, "passed", &c.passed, error) || !readString(o, "detail", &c.detail, error))
        return false;
    *out = c;
    return true;
}

QJsonObject toJson(const Verdict &v)
{
    QJsonArray criteria;
    for (const CriterionResult &c : v.criteria)
        criteria.append(toJson(c));
    return {{QStringLiteral("passed"), v.passed},
            {QStringLiteral("score"), v.score},
            {QStringLiteral("criteria"), criteria},
            {QStringLiteral("violations"), QJsonArray::fromStringList(v.violations)},
            {QStringLiteral("recommendations"), QJsonArray::fromStringList(v.recommendations)}};
}

bool fromJson(const QJsonObject &o, Verdict *out, QString *error)
{
    Verdict v;
    if (!readBool(o, "passed", &v.passed, error) || !readDouble(o, "score", &v.score, error) ||
        !readStrings(o, "violations", &v.violations, error) ||
        !readStrings(o, "recommendations", &v.recommendations, error))
        return false;
    const QJsonArray criteria = o.value(QLatin1String("criteria")).toArray();
    for (int i = 0; i < criteria.size(); ++i) {
        CriterionResult c;
        QString why;
        if (!fromJson(criteria.at(i).toObject(), &c, &why)) {
            if (error)
                *error = QStringLiteral("criteria[%1].%2").arg(i).arg(why);
            return false;
        }
        v.criteria.append(c);
    }
    *out = v;
    return true;
}

QJsonObject toJson(const LatencySummary &l)
{
    return {{QStringLiteral("count"), double(l.count)},  {QStringLiteral("p50_us"), double(l.p50)},
            {QStringLiteral("p90_us"), double(l.p90)},   {QStringLiteral("p99_us"), double(l.p99)},
            {QStringLiteral("p999_us"), double(l.p999)}, {QStringLiteral("max_us"), double(l.max)},
            {QStringLiteral("min_us"), double(l.min)},   {QStringLiteral("mean_us"), l.mean}};
}

bool fromJson(const QJsonObject &o, LatencySummary *out, QString *error)
{
    LatencySummary l;
    if (!readInt(o, "count", &l.count, error) || !readInt(o, "p50_us", &l.p50, error) ||
        !readInt(o, "p90_us", &l.p90, error) || !readInt(o, "p99_us", &l.p99, error) ||
        !readInt(o, "p999_us", &l.p999, error) || !readInt(o, "max_us", &l.max, error) ||
        !readInt(o, "min_us", &l.min, error) || !readDouble(o, "mean_us", &l.mean, error))
        return false;
    *out = l;
    return true;
}

QJsonObject toJson(const EngineSummary &s)
{
    QJsonArray perRequest;
    for (const EngineRequestSummary &r : s.perRequest) {
        perRequest.append(QJsonObject{{QStringLiteral("name"), r.name},
                                      {QStringLiteral("sent"), double(r.sent)},
                                      {QStringLiteral("completed"), double(r.completed)},
                                      {QStringLiteral("errors"), double(r.errors)},
                                      {QStringLiteral("histogram"), QString::fromLatin1(r.histogram)},
                                      {QStringLiteral("latency"), toJson(r.latency)}});
    }
    return {{QStringLiteral("requests"), double(s.requests)},
            {QStringLiteral("sent"), double(s.sent)},
            {QStringLiteral("errors"), double(s.errors)},
            {QStringLiteral("errors_by_class"), countsToJson(s.errorsByClass)},
            {QStringLiteral("statuses"), statusesToJson(s.statuses)},
            {QStringLiteral("dropped"), double(s.dropped)},
            {QStringLiteral("scheduled"), double(s.scheduled)},
            {QStringLiteral("duration_s"), s.durationS},
            {QStringLiteral("start_ms"), double(s.startMs)},
            {QStringLiteral("end_ms"), double(s.endMs)},
            {QStringLiteral("rps"), s.rps},
            {QStringLiteral("bytes_read"), double(s.bytesRead)},
            {QStringLiteral("connections_opened"), double(s.connectionsOpened)},
            {QStringLiteral("intervals"), s.intervals},
            {QStringLiteral("cpu_s"), s.cpuS},
            {QStringLiteral("cpu_intervals"), double(s.cpuIntervals)},
            {QStringLiteral("schedule_lag_intervals"), double(s.scheduleLagIntervals)},
            {QStringLiteral("stopped_early"), s.stoppedEarly},
            {QStringLiteral("emergency"), s.emergency},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(s.warnings)},
            {QStringLiteral("histogram"), QString::fromLatin1(s.histogram)},
            {QStringLiteral("latency"), toJson(s.latency)},
            {QStringLiteral("per_request"), perRequest},
            {QStringLiteral("raw"), s.raw}};
}

bool fromJson(const QJsonObject &o, EngineSummary *out, QString *error)
{
    EngineSummary s;
    double intervals = 0;
    QString histogram;
    if (!readInt(o, "requests", &s.requests, error) || !readInt(o, "sent", &s.sent, error) ||
        !readInt(o, "errors", &s.errors, error) || !readInt(o, "dropped", &s.dropped, error) ||
        !readInt(o, "scheduled", &s.scheduled, error) || !readDouble(o, "duration_s", &s.durationS, error) ||
        !readInt(o, "start_ms", &s.startMs, error) || !readInt(o, "end_ms", &s.endMs, error) ||
        !readDouble(o, "rps", &s.rps, error) || !readInt(o, "bytes_read", &s.bytesRead, error) ||
        !readInt(o, "connections_opened", &s.connectionsOpened, error) ||
        !readDouble(o, "intervals", &intervals, error) || !readDouble(o, "cpu_s", &s.cpuS, error) ||
        !readInt(o, "cpu_intervals", &s.cpuIntervals, error) ||
        !readInt(o, "schedule_lag_intervals", &s.scheduleLagIntervals, error) ||
        !readBool(o, "stopped_early", &s.stoppedEarly, error) ||
        !readBool(o, "emergency", &s.emergency, error) || !readStrings(o, "warnings", &s.warnings, error) ||
        !readString(o, "histogram", &histogram, error) ||
        !fromJson(o.value(QLatin1String("latency")).toObject(), &s.latency, error))
        return false;
    s.intervals = int(intervals);
    s.histogram = histogram.toLatin1();
    s.errorsByClass = countsFromJson(o.value(QLatin1String("errors_by_class")));
    s.statuses = statusesFromJson(o.value(QLatin1String("statuses")));
    const QJsonArray perRequest = o.value(QLatin1String("per_request")).toArray();
    for (int i = 0; i < perRequest.size(); ++i) {
        const QJsonObject r = perRequest.at(i).toObject();
        EngineRequestSummary req;
        QString why;
        QString reqHistogram;
        if (!readString(r, "name", &req.name, &why) || !readInt(r, "sent", &req.sent, &why) ||
            !readInt(r, "completed", &req.completed, &why) || !readInt(r, "errors", &req.errors, &why) ||
            !readString(r, "histogram", &reqHistogram, &why) ||
            !fromJson(r.value(QLatin1String("latency")).toObject(), &req.latency, &why)) {
            if (error)
                *error = QStringLiteral("per_request[%1].%2").arg(i).arg(why);
            return false;
        }
        req.histogram = reqHistogram.toLatin1();
        s.perRequest.append(req);
    }
    s.raw = o.value(QLatin1String("raw")).toObject();
    *out = s;
    return true;
}

} // namespace lw
