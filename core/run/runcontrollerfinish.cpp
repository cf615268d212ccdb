// RunController's end: the outcome, the final write (retried while the workspace is locked) and
// finished().

#include "run/runcontroller_p.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace lw {

namespace {
// The engine is gone by now: a final write may wait for a lock a little.
constexpr int kFinalBusyTimeoutMs = 2000;
constexpr int kFinalRetryMs = 1000;
constexpr int kFinalAttempts = 60;
} // namespace

void RunController::Private::finish(RunStatus s, RunOutcome::Cause cause, const QString &reason)
{
    if (finished)
        return;
    finished = true;
    stopMonitoring();

    RunOutcome &outcome = finalOutcome;
    outcome.runId = runId;
    outcome.status = s;
    outcome.cause = cause;
    outcome.reason = reason;
    outcome.summary = summary;
    outcome.intervals = intervalsReceived;
    if (summary && !request.debug) // a debug run has no success criteria
        outcome.verdict = evaluateVerdict(strategy, *summary, samples, s, safetyStops, baseline);
    status = s;

    RunOutcome emitted = outcome;
    if (store && runId > 0) {
        logEvent(
            QStringLiteral("state"), s == RunStatus::Passed ? AlertSeverity::Info : AlertSeverity::Warning,
            QStringLiteral("%1: %2").arg(displayName(s), reason), {{QStringLiteral("status"), toString(s)}});
        if (writer)
            writer->stopTimer();
        if (workspace)
            QSqlQuery(QSqlDatabase::database(workspace->connectionName()))
                .exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kFinalBusyTimeoutMs));
        QString problem;
        if (!storeFinal(&problem)) {
            emitted.reason +=
                QStringLiteral("; the end of the run is not stored yet (%1): retrying, and if that "
                               "fails the next opening of the workspace marks the run interrupted")
                    .arg(problem);
            finalRetry = new QTimer(q);
            finalRetry->setInterval(kFinalRetryMs);
            QObject::connect(finalRetry, &QTimer::timeout, q, [this] {
                QString retryProblem;
                const bool stored = storeFinal(&retryProblem);
                if (stored || ++finalAttempts >= kFinalAttempts) {
                    finalRetry->stop();
                    Q_EMIT q->finalStorageSettled(stored, stored ? QString() : unstoredText(retryProblem));
                }
            });
            finalRetry->start();
        } else if (outcome.reason != reason) {
            emitted.reason = outcome.reason; // storeFinal added what could not be stored
        }
    }
    Q_EMIT q->statusChanged(s, emitted.reason);
    Q_EMIT q->finished(emitted);
}

QString RunController::Private::unstoredText(const QString &problem) const
{
    const int intervals = writer ? writer->pendingIntervals() : 0;
    const int others = writer ? writer->pendingItems() - intervals : 0;
    return QStringLiteral("%1 interval(s), %2 other record(s) and the run's final state could not be "
                          "written (%3)")
        .arg(intervals)
        .arg(others)
        .arg(problem);
}

bool RunController::Private::storeFinal(QString *problem)
{
    if (finalStored)
        return true;
    RunOutcome &outcome = finalOutcome;
    const bool flushed = !writer || writer->flush();
    if (!flushed) {
        *problem = writer->lastError();
        // A lock goes away: keep the data and try again. A full or read-only disk does not, so the
        // final status is stored now (in place, needing no new pages) with what was lost named.
        if (writer->lastErrorKind() == StoreError::Kind::Busy && finalAttempts + 1 < kFinalAttempts)
            return false;
        if (!outcome.reason.contains(QLatin1String("could not be stored"))) {
            outcome.reason += QStringLiteral("; %1 interval(s) and %2 other record(s) could not be stored")
                                  .arg(writer->pendingIntervals())
                                  .arg(writer->pendingItems() - writer->pendingIntervals());
            if (!outcome.reason.contains(writer->lastError()))
                outcome.reason += QStringLiteral(" (%1)").arg(writer->lastError());
        }
    }
    StoreError error;
    if (!pendingDebugSteps.isEmpty() && store->appendDebugSteps(runId, pendingDebugSteps, &error))
        pendingDebugSteps.clear();
    if (store->finishRun(runId, outcome.status, outcome.reason, outcome.summary, outcome.verdict, &error) ||
        store->finishRun(runId, outcome.status, outcome.reason, std::nullopt, std::nullopt, &error)) {
        finalStored = true;
        return true;
    }
    *problem = error.message;
    return false;
}

} // namespace lw
