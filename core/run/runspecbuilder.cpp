#include "run/runspecbuilder.h"

#include <QJsonArray>

namespace lw {

namespace {

QJsonValue duration(const QString &text)
{
    const std::optional<qint64> ms = parseDurationMs(text.trimmed());
    if (!ms)
        return text;
    return QString(QString::number(*ms) + QStringLiteral("ms"));
}

QJsonObject request(const Target &t)
{
    QJsonObject r;
    if (!t.name.isEmpty())
        r.insert(QStringLiteral("name"), t.name);
    r.insert(QStringLiteral("method"), t.method.isEmpty() ? QStringLiteral("GET") : t.method.toUpper());
    r.insert(QStringLiteral("url"), t.url);
    if (!t.headers.isEmpty()) {
        // The array form keeps order and allows repeated names, which the object form cannot.
        QJsonArray headers;
        for (const HttpHeader &h : t.headers)
            headers.append(QJsonArray{h.name, h.value});
        r.insert(QStringLiteral("headers"), headers);
    }
    if (!t.body.isEmpty())
        r.insert(QStringLiteral("body"), t.body);
    r.insert(QStringLiteral("weight"), t.weight);
    if (t.expectStatus)
        r.insert(QStringLiteral("expect_status"), *t.expectStatus);
    return r;
}

QJsonObject check(const Check &c)
{
    QJsonObject o{{QStringLiteral("name"), c.name}, {QStringLiteral("type"), toString(c.type)}};
    switch (c.type) {
    case CheckType::Status:
        if (!c.statuses.isEmpty()) {
            QJsonArray list;
            for (int s : c.statuses)
                list.append(s);
            o.insert(QStringLiteral("status"), list);
        } else {
            o.insert(QStringLiteral("min"), c.min);
            o.insert(QStringLiteral("max"), c.max);
        }
        break;
    case CheckType::BodyContains:
    case CheckType::BodyMatches:
        o.insert(QStringLiteral("value"), c.value);
        break;
    case CheckType::JsonEquals:
        o.insert(QStringLiteral("path"), c.path);
        o.insert(QStringLiteral("value"), c.value);
        break;
    case CheckType::JsonExists:
        o.insert(QStringLiteral("path"), c.path);
        break;
    case CheckType::HeaderPresent:
        o.insert(QStringLiteral("header"), c.header);
        break;
    case CheckType::ResponseTime:
        o.insert(QStringLiteral("under"), duration(c.under));
        break;
    }
    return o;
}

QJsonObject scenario(const Scenario &sc)
{
    QJsonArray steps;
    for (const Step &st : sc.steps) {
        if (!st.enabled)
            continue; // kept in the strategy, never sent
        QJsonObject o{{QStringLiteral("name"), st.name},
                      {QStringLiteral("method"), st.method.toUpper()},
                      {QStringLiteral("url"), st.url},
                      {QStringLiteral("body"), st.body},
                      {QStringLiteral("think_time"), duration(st.thinkTime)},
                      {QStringLiteral("on_failure"), toString(st.onFailure)},
                      {QStringLiteral("transaction"), st.transaction}};
        QJsonArray headers;
        for (const StepHeader &h : st.headers)
            headers.append(QJsonArray{h.name, h.value});
        o.insert(QStringLiteral("headers"), headers);
        QJsonArray extract;
        for (const Extraction &e : st.extract) {
            QJsonObject x{{QStringLiteral("var"), e.var},
                          {QStringLiteral("from"), toString(e.from)},
                          {QStringLiteral("expression"), e.expression}};
            if (e.from == ExtractFrom::Regex)
                x.insert(QStringLiteral("group"), e.group);
            extract.append(x);
        }
        o.insert(QStringLiteral("extract"), extract);
        QJsonArray checks;
        for (const Check &c : st.checks)
            checks.append(check(c));
        o.insert(QStringLiteral("checks"), checks);
        steps.append(o);
    }
    return QJsonObject{{QStringLiteral("name"), sc.name},
                       {QStringLiteral("weight"), sc.weight},
                       {QStringLiteral("cookies"), sc.cookies},
                       {QStringLiteral("steps"), steps}};
}

} // namespace

QJsonObject engineRunSpec(const Strategy &s, const EngineOptions &options)
{
    QJsonObject spec;
    QJsonArray requests;
    for (const Target &t : s.targets)
        requests.append(request(t));
    spec.insert(QStringLiteral("requests"), requests);
    if (!s.scenarios.isEmpty()) {
        QJsonArray scenarios;
        for (const Scenario &sc : s.scenarios)
            scenarios.append(scenario(sc));
        spec.insert(QStringLiteral("scenarios"), scenarios);
    }
    if (!s.data.isEmpty()) {
        QJsonArray data;
        for (const DataSource &d : s.data)
            data.append(QJsonObject{{QStringLiteral("name"), d.name},
                                    {QStringLiteral("path"), options.dataPaths.value(d.name, d.file)},
                                    {QStringLiteral("order"), toString(d.order)},
                                    {QStringLiteral("on_exhausted"), toString(d.onExhausted)},
                                    {QStringLiteral("per_vu"), d.perVu}});
        spec.insert(QStringLiteral("data"), data);
    }

    const LoadProfile &load = s.load;
    spec.insert(QStringLiteral("model"), toString(load.model));
    QJsonArray stages;
    for (const Stage &st : load.stages) {
        stages.append(QJsonObject{{QStringLiteral("duration"), duration(st.duration)},
                                  {QStringLiteral("target"), st.target},
                                  {QStringLiteral("ramp"), toString(st.ramp)}});
    }
    spec.insert(QStringLiteral("stages"), stages);
    spec.insert(QStringLiteral("max_connections"), load.maxConnections);
    spec.insert(QStringLiteral("timeout"), duration(load.requestTimeout));
    if (load.model == LoadModel::Closed)
        spec.insert(QStringLiteral("think_time"), duration(load.thinkTime));
    if (load.rateCap)
        spec.insert(QStringLiteral("rate_cap"), *load.rateCap);

    spec.insert(QStringLiteral("interval"), duration(options.interval));
    if (!options.allow.isEmpty())
        spec.insert(QStringLiteral("allow"), QJsonArray::fromStringList(options.allow));
    if (options.threads > 0)
        spec.insert(QStringLiteral("threads"), options.threads);
    if (!options.hlogPath.isEmpty())
        spec.insert(QStringLiteral("hlog"), options.hlogPath);
    if (options.heartbeatTimeoutS > 0)
        spec.insert(QStringLiteral("heartbeat_timeout"), options.heartbeatTimeoutS);
    if (!options.debug.isEmpty())
        spec.insert(QStringLiteral("debug"), options.debug);
    return spec;
}

} // namespace lw
