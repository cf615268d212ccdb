// RunController's safety side: evaluating limits and rollback triggers, acting on them (stop,
// emergency stop, rollback), escalating an unanswered stop, and stopping when storage keeps failing.

#include "run/runcontroller_p.h"

#include <QLocale>

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
    case SafetyAction::Throttle:
        return QStringLiteral("throttle");
    }
    return {};
}

QString levelText(double level, LoadModel model)
{
    const QString n = QLocale::c().toString(level, 'g', 4);
    return model == LoadModel::Open ? n + QStringLiteral(" req/s") : n + QStringLiteral(" virtual users");
}
} // namespace

void RunController::Private::evaluateSafety()
{
    if (!safety || !runStarted || engineDone || finished)
        return;
    SafetyEvaluation evaluation = safety->evaluate(elapsedS());
    // A throttle (the strongest action only when nothing stops the run) scales the load once per
    // evaluation, whichever throttle limits acted; its event says by how much.
    bool cannotThrottle = false;
    if (evaluation.decisive == SafetyAction::Throttle) {
        bool throttled = false;
        for (SafetyFinding &finding : evaluation.findings) {
            if (finding.kind != SafetyFinding::Kind::Act || finding.action != SafetyAction::Throttle)
                continue;
            if (throttled) {
                finding.event.message += QStringLiteral(" (the load was throttled once for this evaluation)");
                continue;
            }
            throttled = true;
            cannotThrottle = !throttle(&finding);
        }
    }
    for (const SafetyFinding &finding : std::as_const(evaluation.findings))
        logEvent(finding.event);
    if (cannotThrottle)
        act(SafetyAction::Stop,
            evaluation.reason + QStringLiteral("; the engine cannot throttle (no set_rate), "
                                               "so the run stops instead"));
    else if (evaluation.hasAction() && evaluation.decisive != SafetyAction::Throttle)
        act(*evaluation.decisive, evaluation.reason);
}

bool RunController::Private::throttle(SafetyFinding *finding)
{
    if (!engine || !engineCapabilities.contains(QLatin1String("set_rate")))
        return false;
    const ThrottleSpec &spec = finding->throttle;
    const LoadModel model = strategy.load.model;
    const double level = progressAt(elapsedS(), nullptr).currentTarget;
    RunEvent &e = finding->event;
    e.data.insert(QStringLiteral("factor"), spec.factor);
    e.data.insert(QStringLiteral("floor"), spec.floor);
    e.data.insert(QStringLiteral("level_before"), level);
    if (level <= spec.floor + 1e-9) {
        e.data.insert(QStringLiteral("scale"), 1.0);
        e.data.insert(QStringLiteral("level_after"), level);
        e.message += QStringLiteral(": the load (%1) is already at its floor of %2; not lowered further")
                         .arg(levelText(level, model), levelText(spec.floor, model));
        return true;
    }
    const double after = std::max(level * spec.factor, spec.floor);
    const double scale = after / level;
    engine->setScale(scale);
    throttleScale *= scale;
    e.data.insert(QStringLiteral("scale"), scale);
    e.data.insert(QStringLiteral("level_after"), after);
    e.message +=
        QStringLiteral(" from %1 to %2 (x%3%4); the run goes on")
            .arg(levelText(level, model), levelText(after, model), QLocale::c().toString(scale, 'g', 3),
                 after <= spec.floor + 1e-9 ? QStringLiteral(", the floor") : QString());
    return true;
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
