// RunController's safety side: evaluating limits and rollback triggers, acting on them (stop,
// emergency stop, rollback), escalating an unanswered stop, and stopping when storage keeps failing.

#include "run/runcontroller_p.h"

namespace lw {

namespace {
constexpr qint64 kStopMarginMs = 3000; // beyond the request timeout, for a graceful stop to finish

QString actionText(SafetyAction action)
{
    switch (action) {
    case SafetyAction::Alert:
        return QStringLiteral("alert");
    case SafetyAction::Stop:
        return QStringLiteral("graceful stop");
    case SafetyAction::EmergencyStop:
        return QStringLiteral("emergency stop");
    case SafetyAction::Rollback:
        return QStringLiteral("graceful stop and rollback");
    }
    return {};
}
} // namespace

void RunController::Private::evaluateSafety()
{
    if (!safety || !runStarted || engineDone || finished)
        return;
    const SafetyEvaluation evaluation = safety->evaluate(elapsedS());
    for (const SafetyFinding &finding : evaluation.findings)
        logEvent(finding.event);
    if (evaluation.hasAction())
        act(*evaluation.decisive, evaluation.reason);
}

void RunController::Private::act(SafetyAction action, const QString &reason)
{
    if (action == SafetyAction::Alert)
        return; // the finding's event is the alert
    const bool first = !safetyStopped && !userStopped && !storageStopped;
    if (first) {
        safetyStopped = true;
        stopReason = reason;
    }
    safetyStops << reason;
    const bool emergency = action == SafetyAction::EmergencyStop;
    if (!first && !emergency && action != SafetyAction::Rollback)
        return; // already stopping
    logEvent(QStringLiteral("action"), AlertSeverity::Critical,
             QStringLiteral("%1: %2").arg(actionText(action), reason),
             {{QStringLiteral("action"), toString(action)}, {QStringLiteral("reason"), reason}});
    requestStop(emergency);
    if (action == SafetyAction::Rollback)
        startRollback();
}

void RunController::Private::startRollback()
{
    if (rollback)
        return; // a rollback runs once per run
    if (strategy.rollback.procedures.isEmpty()) {
        logEvent(QStringLiteral("action"), AlertSeverity::Warning,
                 QStringLiteral("rollback requested, but the strategy has no rollback procedures"));
        return;
    }
    rollbackDone = false;
    rollback = new RollbackRunner(strategy.rollback.procedures, q);
    rollback->setRunStartMs(runStartMs);
    QObject::connect(rollback, &RollbackRunner::eventLogged, q, [this](const RunEvent &e) { logEvent(e); });
    QObject::connect(rollback, &RollbackRunner::finished, q, [this](bool ok) {
        rollbackDone = true;
        logEvent(QStringLiteral("action"), ok ? AlertSeverity::Info : AlertSeverity::Critical,
                 ok ? QStringLiteral("rollback finished: every procedure succeeded")
                    : QStringLiteral("rollback finished with failures: check the rollback steps"),
                 {{QStringLiteral("rollback_ok"), ok}});
        if (!ok)
            safetyStops << QStringLiteral("the rollback did not fully succeed");
        maybeFinishRun();
    });
    logEvent(QStringLiteral("action"), AlertSeverity::Critical,
             QStringLiteral("rollback started: %1 procedure(s)").arg(strategy.rollback.procedures.size()));
    rollback->start();
}

void RunController::Private::requestStop(bool emergency)
{
    if (!engine || engineDone)
        return;
    if (emergency) {
        emergencyRequested = true;
        engine->emergencyStop(); // kills the engine if it is still alive after kEmergencyKillMs
        return;
    }
    engine->stop();
    // A frozen engine never answers a graceful stop: after the requests' own timeout plus a margin,
    // the stop becomes an emergency stop.
    if (!stopWatchdog) {
        const qint64 timeoutMs = parseDurationMs(strategy.load.requestTimeout).value_or(10000);
        stopWatchdog = new QTimer(q);
        stopWatchdog->setSingleShot(true);
        stopWatchdog->setInterval(int(std::min<qint64>(timeoutMs + kStopMarginMs, 120000)));
        QObject::connect(stopWatchdog, &QTimer::timeout, q, [this] {
            if (engineDone || emergencyRequested)
                return;
            logEvent(QStringLiteral("action"), AlertSeverity::Critical,
                     QStringLiteral("the engine did not stop within %1 s of a graceful stop: emergency stop")
                         .arg(stopWatchdog->interval() / 1000.0, 0, 'f', 1));
            requestStop(true);
        });
        stopWatchdog->start();
    }
}

void RunController::Private::onStorageGaveUp(const QString &reason)
{
    logEvent(QStringLiteral("storage"), AlertSeverity::Critical, reason);
    if (!safetyStopped && !userStopped && !storageStopped) {
        storageStopped = true;
        stopReason = reason;
    }
    if (engine && !engineDone)
        requestStop(false);
    else if (checker && checker->isRunning())
        checker->cancel();
}

} // namespace lw
