#include "run/runcontroller.h"
#include "services/openworkspace.h"

#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "run/runcontroller_p.h"
#include "run/testingwindow.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace lw {

namespace {
// Before the engine runs a blocked write may wait; once it sends, the controller's thread must stay
// responsive (engine heartbeats every second), so a locked workspace fails fast and is retried.
constexpr int kBusyTimeoutBeforeRunMs = 5000;

void registerMetaTypes()
{
    qRegisterMetaType<lw::RunStatus>();
    qRegisterMetaType<lw::ResourceSample>();
    qRegisterMetaType<lw::RunEvent>();
    qRegisterMetaType<lw::PrerequisiteResult>();
    qRegisterMetaType<lw::Verdict>();
    qRegisterMetaType<lw::RunProgress>();
    qRegisterMetaType<lw::RunOutcome>();
    qRegisterMetaType<lw::EngineHello>();
    qRegisterMetaType<lw::EngineInterval>();
    qRegisterMetaType<lw::EngineSummary>();
    qRegisterMetaType<QList<lw::PrerequisiteResult>>();
    qRegisterMetaType<QList<lw::EngineInterval>>();
}

QString issuesText(const QList<ValidationIssue> &issues)
{
    QStringList lines;
    for (const ValidationIssue &issue : issues)
        lines << issue.toString();
    return lines.join(QStringLiteral("; "));
}
} // namespace

GateDecision defaultApprovalGate(const Strategy &strategy, qint64, int, const QString &, const QString &)
{
    const ApprovalRequirement need = approvalRequirement(strategy);
    GateDecision decision;
    if (need.approvals == 0) {
        decision.allowed = true;
        decision.reason =
            QStringLiteral("no sign-off required (safety level %1)").arg(toString(strategy.safetyLevel));
        return decision;
    }
    decision.reason =
        QStringLiteral("needs %1 approval%2%3 (safety level %4, highest risk %5); sign-off arrives "
                       "with the governance feature")
            .arg(need.approvals)
            .arg(need.approvals == 1 ? QString() : QStringLiteral("s"))
            .arg(need.adminRequired ? QStringLiteral(" including an admin") : QString())
            .arg(toString(strategy.safetyLevel), toString(highestRiskSeverity(strategy)));
    return decision;
}

RunController::RunController(RunRequest request, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this, std::move(request)))
{
    registerMetaTypes();
}

RunController::~RunController()
{
    if (d->runId > 0 && !d->finished) {
        // The app is closing mid-run: the engine's destructor closes its stdin (dead-man switch);
        // the run is recorded as interrupted now rather than by the next start's recovery.
        if (d->checker)
            d->checker->cancel();
        d->finish(RunStatus::Interrupted, RunOutcome::Cause::ControllerGone,
                  QStringLiteral("the application closed during the run"));
    }
    // Children that use the store or emit go before the store does (QObject would delete them later).
    delete d->engine;
    delete d->monitor;
    delete d->rollback;
    delete d->checker;
    delete d->writer;
}

qint64 RunController::runId() const
{
    return d->runId;
}

RunStatus RunController::status() const
{
    return d->status;
}

bool RunController::isStoringFinal() const
{
    return d->finalRetry && d->finalRetry->isActive();
}

void RunController::start()
{
    if (d->runId > 0 || d->finished)
        return;
    d->begin();
}

void RunController::stop()
{
    if (d->finished || d->userStopped)
        return;
    const QString who = d->request.user.isEmpty() ? QStringLiteral("the user") : d->request.user;
    if (d->engine && d->engine->isActive()) {
        if (!d->safetyStopped && !d->storageStopped) {
            d->userStopped = true;
            d->stopReason = QStringLiteral("stopped by %1 after %2 s").arg(who).arg(d->elapsedS(), 0, 'f', 1);
        }
        d->logEvent(QStringLiteral("user"), AlertSeverity::Warning,
                    QStringLiteral("%1 pressed stop: graceful stop").arg(who));
        d->requestStop(false);
        return;
    }
    if (d->engine)
        return; // the engine is done; a rollback in progress finishes the run
    d->userStopped = true;
    d->stopReason = QStringLiteral("stopped by %1 before the engine started").arg(who);
    d->logEvent(QStringLiteral("user"), AlertSeverity::Warning, d->stopReason);
    if (d->checker && d->checker->isRunning())
        d->checker->cancel(); // finished() follows at once and sees userStopped
}

void RunController::emergencyStop()
{
    if (d->finished)
        return;
    const QString who = d->request.user.isEmpty() ? QStringLiteral("the user") : d->request.user;
    if (d->engine && d->engine->isActive()) {
        if (!d->userStopped && !d->safetyStopped && !d->storageStopped) {
            d->userStopped = true;
            d->stopReason =
                QStringLiteral("emergency stop by %1 after %2 s").arg(who).arg(d->elapsedS(), 0, 'f', 1);
        }
        d->logEvent(QStringLiteral("user"), AlertSeverity::Critical,
                    QStringLiteral("%1 pressed emergency stop: every connection closed").arg(who));
        d->requestStop(true);
        return;
    }
    if (!d->engine)
        stop();
}

// ---------------------------------------------------------------------------------------------

QDateTime RunController::Private::now() const
{
    return request.clock ? request.clock() : QDateTime::currentDateTime();
}

double RunController::Private::elapsedS() const
{
    if (runStartMs <= 0)
        return 0;
    return double(QDateTime::currentMSecsSinceEpoch() - runStartMs) / 1000.0;
}

bool RunController::Private::openWorkspace()
{
    Workspace::OpenOptions options;
    options.createIfMissing = false;
    options.busyTimeoutMs = kBusyTimeoutBeforeRunMs;
    QString error;
    workspace = lw::openWorkspace(request.workspacePath, options, &error);
    if (!workspace) {
        finish(RunStatus::Cancelled, RunOutcome::Cause::WorkspaceError,
               QStringLiteral("the workspace could not be opened: %1").arg(error));
        return false;
    }
    if (request.connectionHook)
        request.connectionHook(workspace->connectionName());
    store = std::make_unique<RunStore>(*workspace);
    // Runs left live by a program that died are marked interrupted here too (the GUI and the CLI do
    // it when they open the workspace); runs whose owner is alive are left alone.
    store->recoverInterrupted();
    return true;
}

void RunController::Private::begin()
{
    if (!openWorkspace())
        return;
    const std::optional<StrategyRevision> rev =
        request.revision > 0 ? workspace->revision(request.strategyId, request.revision)
                             : workspace->latestRevision(request.strategyId);
    if (!rev) {
        finish(RunStatus::Cancelled, RunOutcome::Cause::WorkspaceError,
               request.revision > 0 ? QStringLiteral("strategy %1 has no revision %2 in %3")
                                          .arg(request.strategyId)
                                          .arg(request.revision)
                                          .arg(request.workspacePath)
                                    : QStringLiteral("there is no strategy %1 in %2")
                                          .arg(request.strategyId)
                                          .arg(request.workspacePath));
        return;
    }
    revision = *rev;

    const ParseResult parsed = parseStrategy(revision.json);
    Variables vars;
    for (auto it = request.variables.cbegin(); it != request.variables.cend(); ++it)
        vars.values.insert(it.key(), it.value());

    RunStart start;
    start.strategyId = revision.strategyId;
    start.revision = revision.revision;
    start.contentHash = revision.hash;
    start.strategyJson = revision.json;
    start.user = request.user;
    start.kind = request.debug ? RunKind::Debug : RunKind::Load;
    if (parsed.strategy) {
        start.strategyName = parsed.strategy->name;
        if (!request.debug)
            start.plannedDurationS = double(plannedDurationMs(parsed.strategy->load)) / 1000.0;
        for (const QString &name : referencedVariables(*parsed.strategy)) {
            if (const auto value = vars.lookup(name))
                start.variables.insert(name, *value);
        }
    }
    StoreError error;
    const std::optional<qint64> id = store->createRun(start, &error);
    if (!id) {
        finish(RunStatus::Cancelled, RunOutcome::Cause::WorkspaceError,
               QStringLiteral("the run could not be recorded in the workspace: %1").arg(error.message));
        return;
    }
    runId = *id;
    if (!request.debug) // a debug run notifies nobody
        notifier = std::make_unique<notify::RunNotifier>(
            workspace->connectionName(), workspace->path(), runId, start.strategyName, revision.revision,
            parsed.strategy ? parsed.strategy->notifications : QList<NotificationRoute>());
    writer = new RunBatchWriter(*store, runId, q);
    QObject::connect(writer, &RunBatchWriter::intervalsStored, q, [this](const QList<EngineInterval> &list) {
        for (const EngineInterval &interval : list)
            Q_EMIT q->intervalRecorded(interval);
    });
    QObject::connect(writer, &RunBatchWriter::storageEvent, q, [this](const RunEvent &e) { logEvent(e); });
    QObject::connect(writer, &RunBatchWriter::gaveUp, q,
                     [this](const QString &why) { onStorageGaveUp(why); });
    Q_EMIT q->runCreated(runId);

    if (userStopped)
        return refuse(RunOutcome::Cause::UserStop, stopReason);
    QList<ValidationIssue> issues = parsed.issues;
    if (parsed.strategy)
        issues += validateStrategy(*parsed.strategy, vars);
    if (!issues.isEmpty() || !parsed.strategy)
        return refuse(RunOutcome::Cause::Invalid,
                      QStringLiteral("the strategy is not valid: %1").arg(issuesText(issues)));
    QList<ValidationIssue> unresolved;
    strategy = resolveVariables(*parsed.strategy, vars, &unresolved);
    if (!unresolved.isEmpty())
        return refuse(RunOutcome::Cause::Invalid,
                      QStringLiteral("the strategy is not valid: %1").arg(issuesText(unresolved)));

    const QString allow = workspace->setting(QStringLiteral("engine.allow_hosts"));
    allowHosts = allow.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    setStatus(RunStatus::Checking, QStringLiteral("checking prerequisites"));
    startChecks();
}

void RunController::Private::startChecks()
{
    if (strategy.prerequisites.isEmpty())
        return afterPrerequisites();
    checker = new PrerequisiteChecker(q);
    QObject::connect(checker, &PrerequisiteChecker::checked, q, [this](const PrerequisiteResult &r) {
        Q_EMIT q->prerequisiteChecked(r);
        StoreError ignored;
        store->heartbeat(runId, &ignored); // a long check still shows a live owner
    });
    QObject::connect(checker, &PrerequisiteChecker::finished, q,
                     [this](const QList<PrerequisiteResult> &results) { onPrerequisitesFinished(results); });
    checker->start(strategy.prerequisites, request.confirmedManualPrerequisites, request.user, allowHosts);
}

void RunController::Private::onPrerequisitesFinished(const QList<PrerequisiteResult> &results)
{
    if (finished)
        return;
    StoreError error;
    if (!store->savePrerequisites(runId, results, &error))
        logEvent(QStringLiteral("storage"), AlertSeverity::Warning,
                 QStringLiteral("the prerequisite results could not be stored: %1").arg(error.message));
    const PrerequisiteResult *blocking = nullptr;
    for (const PrerequisiteResult &r : results) {
        const AlertSeverity severity = r.blocksRun() ? AlertSeverity::Critical
                                       : r.outcome == PrerequisiteResult::Outcome::Failed
                                           ? AlertSeverity::Warning
                                           : AlertSeverity::Info;
        logEvent(QStringLiteral("prerequisite"), severity,
                 QStringLiteral("%1: %2%3")
                     .arg(r.name, toString(r.outcome),
                          r.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.detail)),
                 {{QStringLiteral("name"), r.name},
                  {QStringLiteral("outcome"), toString(r.outcome)},
                  {QStringLiteral("required"), r.required},
                  {QStringLiteral("detail"), r.detail}});
        if (!blocking && r.blocksRun())
            blocking = &r;
    }
    if (userStopped)
        return refuse(RunOutcome::Cause::UserStop, stopReason);
    if (storageStopped)
        return refuse(RunOutcome::Cause::Storage, stopReason);
    if (blocking) {
        const QString why =
            blocking->outcome == PrerequisiteResult::Outcome::Unconfirmed
                ? QStringLiteral("required prerequisite '%1' is not confirmed").arg(blocking->name)
                : QStringLiteral("required prerequisite '%1' failed: %2")
                      .arg(blocking->name, blocking->detail);
        return refuse(RunOutcome::Cause::Prerequisite, why);
    }
    afterPrerequisites();
}

void RunController::Private::afterPrerequisites()
{
    if (userStopped)
        return refuse(RunOutcome::Cause::UserStop, stopReason);
    const GateDecision gate = (request.gate ? request.gate : ApprovalGate(defaultApprovalGate))(
        strategy, revision.strategyId, revision.revision, revision.hash, request.user);
    logEvent(QStringLiteral("gate"), gate.allowed ? AlertSeverity::Info : AlertSeverity::Critical,
             gate.allowed ? QStringLiteral("approval gate: %1").arg(gate.reason)
                          : QStringLiteral("approval gate refused: %1").arg(gate.reason),
             {{QStringLiteral("allowed"), gate.allowed}, {QStringLiteral("reason"), gate.reason}});
    if (!gate.allowed)
        return refuse(RunOutcome::Cause::Gate, QStringLiteral("approval gate refused: %1").arg(gate.reason));

    const WindowCheck window = checkTestingWindows(strategy.windows, now());
    if (window.allowed || !request.ignoreTestingWindows) {
        logEvent(QStringLiteral("window"), window.allowed ? AlertSeverity::Info : AlertSeverity::Critical,
                 window.reason, {{QStringLiteral("allowed"), window.allowed}});
        if (!window.allowed)
            return refuse(RunOutcome::Cause::Window, window.reason);
        return launchEngine();
    }
    // Outside every window and asked to run anyway: only an admin or an approver of this strategy
    // may, and only with a reason; the override is kept with the run and on the audit trail.
    const GateDecision authority = request.windowOverrideGate
                                       ? request.windowOverrideGate(request.user)
                                       : GateDecision{false, QStringLiteral("no one may override it here")};
    const QString why = request.windowOverrideReason.trimmed();
    QString refused;
    if (!authority.allowed)
        refused = QStringLiteral("%1; overriding the testing window refused: %2")
                      .arg(window.reason, authority.reason);
    else if (why.isEmpty())
        refused = QStringLiteral("%1; overriding the testing window needs a reason").arg(window.reason);
    if (!refused.isEmpty()) {
        logEvent(QStringLiteral("window"), AlertSeverity::Critical, refused,
                 {{QStringLiteral("allowed"), false}});
        return refuse(RunOutcome::Cause::Window, refused);
    }
    logEvent(QStringLiteral("window.override"), AlertSeverity::Warning,
             QStringLiteral("run outside the testing windows (%1) by %2 (%3): %4")
                 .arg(window.reason, request.user, authority.reason, why),
             {{QStringLiteral("by"), request.user},
              {QStringLiteral("authority"), authority.reason},
              {QStringLiteral("reason"), why},
              {QStringLiteral("window"), window.reason}});
    launchEngine();
}

void RunController::Private::setStatus(RunStatus s, const QString &detail)
{
    status = s;
    if (!isFinal(s)) {
        StoreError error;
        if (!store->setStatus(runId, s, detail, &error))
            logEvent(QStringLiteral("storage"), AlertSeverity::Warning,
                     QStringLiteral("the run status could not be stored: %1").arg(error.message));
    }
    logEvent(QStringLiteral("state"), AlertSeverity::Info,
             QStringLiteral("%1: %2").arg(displayName(s), detail), {{QStringLiteral("status"), toString(s)}});
    Q_EMIT q->statusChanged(s, detail);
}

void RunController::Private::logEvent(const QString &kind, AlertSeverity severity, const QString &message,
                                      const QJsonObject &data)
{
    RunEvent event;
    event.kind = kind;
    event.severity = severity;
    event.message = message;
    event.data = data;
    logEvent(std::move(event));
}

void RunController::Private::logEvent(RunEvent event)
{
    if (event.atMs == 0)
        event.atMs = QDateTime::currentMSecsSinceEpoch();
    if (event.elapsedS == 0 && runStartMs > 0)
        event.elapsedS = double(event.atMs - runStartMs) / 1000.0;
    if (writer)
        writer->addEvent(event);
    QString notifyError;
    if (notifier && !notifier->onRunEvent(event, summary, &notifyError))
        qWarning("run %lld: a notification could not be queued: %s", runId, qPrintable(notifyError));
    Q_EMIT q->eventLogged(event);
}

void RunController::Private::refuse(RunOutcome::Cause cause, const QString &reason)
{
    finish(RunStatus::Cancelled, cause, reason);
}

} // namespace lw
