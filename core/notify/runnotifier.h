#pragma once

// Turns a run's events (RunEvent, as RunController logs them) into notifications and writes their
// outbox rows with the controller's own connection, in its thread: a short insert, never a delivery.
//   state running -> run.started; passed, failed, stopped_by_safety, interrupted -> run.<status>;
//   limit.crossed -> safety.limit_crossed; rollback.step -> rollback.step;
//   prerequisite with outcome failed -> prerequisite.failed.

#include "model/strategy.h"
#include "results/engineevents.h"
#include "results/runtypes.h"

#include <QString>

#include <optional>

namespace lw::notify {

class RunNotifier
{
public:
    RunNotifier(QString connectionName, QString path, qint64 runId, QString strategyName, int revision,
                QList<NotificationRoute> routes);

    // Raises the notification for e, if any. summary adds the run's key figures to a final state.
    // Returns false with error set when the outbox could not be written (the run carries on).
    bool onRunEvent(const RunEvent &e, const std::optional<EngineSummary> &summary, QString *error);

private:
    QString m_connection;
    QString m_path;
    qint64 m_runId;
    QString m_strategy;
    int m_revision;
    QList<NotificationRoute> m_routes;
    QString m_workspaceId;
};

} // namespace lw::notify
