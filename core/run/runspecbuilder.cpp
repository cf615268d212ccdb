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

} // namespace

QJsonObject engineRunSpec(const Strategy &s, const EngineOptions &options)
{
    QJsonObject spec;
    QJsonArray requests;
    for (const Target &t : s.targets)
        requests.append(request(t));
    spec.insert(QStringLiteral("requests"), requests);

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
    return spec;
}

} // namespace lw
