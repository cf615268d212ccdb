#include "notify/runnotifier.h"

#include "notify/events.h"
#include "notify/outbox.h"
#include "notify/routing.h"
#include "results/metricwindow.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace lw::notify {

namespace {

struct Mapped
{
    QString event;
    QString severity;
    QString what; // last part of the event id
    QString title;
};

QString figuresText(const EngineSummary &s)
{
    return QStringLiteral("%1 requests in %2 s (%3 req/s), %4 errors, p50 %5 ms, p99 %6 ms")
        .arg(s.requests)
        .arg(s.durationS, 0, 'f', 1)
        .arg(s.rps, 0, 'f', 1)
        .arg(s.errors)
        .arg(double(s.latency.p50) / 1000.0, 0, 'f', 1)
        .arg(double(s.latency.p99) / 1000.0, 0, 'f', 1);
}

} // namespace

RunNotifier::RunNotifier(QString connectionName, QString path, qint64 runId, QString strategyName,
                         int revision, QList<NotificationRoute> routes)
    : m_connection(std::move(connectionName)), m_path(std::move(path)), m_runId(runId),
      m_strategy(std::move(strategyName)), m_revision(revision), m_routes(std::move(routes))
{
    m_workspaceId = workspaceIdOf(QSqlDatabase::database(m_connection, false));
}

bool RunNotifier::onRunEvent(const RunEvent &e, const std::optional<EngineSummary> &summary, QString *error)
{
    const QString run = QStringLiteral("Run %1 of %2").arg(m_runId).arg(m_strategy);
    Mapped m;
    if (e.kind == QLatin1String("state")) {
        const QString status = e.data.value(QStringLiteral("status")).toString();
        if (status == QLatin1String("running"))
            m = {QStringLiteral("run.started"), QStringLiteral("info"), status,
                 run + QStringLiteral(" started")};
        else if (status == QLatin1String("passed"))
            m = {QStringLiteral("run.passed"), QStringLiteral("info"), status,
                 run + QStringLiteral(" passed")};
        else if (status == QLatin1String("failed"))
            m = {QStringLiteral("run.failed"), QStringLiteral("warning"), status,
                 run + QStringLiteral(" failed")};
        else if (status == QLatin1String("stopped_by_safety"))
            m = {QStringLiteral("run.stopped_by_safety"), QStringLiteral("critical"), status,
                 run + QStringLiteral(" was stopped by a safety limit")};
        else if (status == QLatin1String("interrupted"))
            m = {QStringLiteral("run.interrupted"), QStringLiteral("warning"), status,
                 run + QStringLiteral(" was interrupted")};
    } else if (e.kind == QLatin1String("limit.crossed")) {
        m = {QStringLiteral("safety.limit_crossed"), severityName(e.severity),
             QStringLiteral("limit/%1").arg(e.atMs), run + QStringLiteral(": safety limit crossed")};
    } else if (e.kind == QLatin1String("action") &&
               e.data.value(QStringLiteral("action")).toString() == QLatin1String("throttle")) {
        m = {QStringLiteral("safety.throttled"), severityName(e.severity),
             QStringLiteral("throttle/%1").arg(e.atMs),
             run + QStringLiteral(": load throttled by a safety limit")};
    } else if (e.kind == QLatin1String("rollback.step")) {
        m = {QStringLiteral("rollback.step"), QStringLiteral("warning"),
             QStringLiteral("rollback/%1").arg(e.atMs), run + QStringLiteral(": rollback step run")};
    } else if (e.kind == QLatin1String("prerequisite") &&
               e.data.value(QStringLiteral("outcome")).toString() == QLatin1String("failed")) {
        const QString name = e.data.value(QStringLiteral("name")).toString();
        m = {QStringLiteral("prerequisite.failed"),
             e.data.value(QStringLiteral("required")).toBool() ? QStringLiteral("critical")
                                                               : QStringLiteral("warning"),
             QStringLiteral("prerequisite/") + name,
             run + QStringLiteral(": prerequisite '%1' failed").arg(name)};
    }
    if (m.event.isEmpty())
        return true;

    QJsonObject data = e.data;
    data.insert(QStringLiteral("run_id"), m_runId);
    data.insert(QStringLiteral("strategy"), m_strategy);
    data.insert(QStringLiteral("revision"), m_revision);
    data.insert(QStringLiteral("kind"), e.kind);
    QString text = e.message;
    if (summary && e.kind == QLatin1String("state") && m.event != QLatin1String("run.started")) {
        // Key figures at the top of data, where the Slack and e-mail plugins look for them.
        data.insert(QStringLiteral("requests"), summary->requests);
        data.insert(QStringLiteral("errors"), summary->errors);
        if (const auto rate =
                MetricWindow::errorRatePercent(summary->requests, summary->errors, summary->errorsByClass))
            data.insert(QStringLiteral("error_rate_percent"), *rate);
        data.insert(QStringLiteral("rps"), summary->rps);
        data.insert(QStringLiteral("duration_s"), summary->durationS);
        data.insert(QStringLiteral("p50_ms"), double(summary->latency.p50) / 1000.0);
        data.insert(QStringLiteral("p99_ms"), double(summary->latency.p99) / 1000.0);
        text += QLatin1Char('\n') + figuresText(*summary);
    }
    const Notification n = makeNotification(runEventPrefix(m_workspaceId, m_runId) + m.what, m.event,
                                            m.severity, m_path, m.title, text, data);
    return enqueue(QSqlDatabase::database(m_connection, false), m_path, n, m_routes, error) >= 0;
}

} // namespace lw::notify
