// RunController while the engine runs: launching it, storing what it reports, resource monitoring,
// progress, and deciding the end once the engine (and a rollback) are done.

#include "model/strategyjson.h"
#include "run/locustengine.h"
#include "run/runcontroller_p.h"
#include "run/runspecbuilder.h"
#include "run/verdict.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>

namespace lw {

namespace {
constexpr int kSafetyTickMs = 1000;
constexpr int kBusyTimeoutDuringRunMs = 200;

bool isEngineRefusal(const QString &message)
{
    for (const char *code : {"(host_refused)", "(unresolvable_host)", "(invalid_spec)"}) {
        if (message.contains(QLatin1String(code)))
            return true;
    }
    return false;
}

} // namespace

void RunController::Private::launchEngine()
{
    EngineOptions options;
    options.allow = allowHosts;
    if (!strategy.data.isEmpty()) {
        // Scenario data: the revision names each file by SHA-256; the workspace holds the bytes. The
        // engine reads them from a private directory that lives as long as the run.
        Strategy withData = strategy;
        QString error;
        dataDir = std::make_unique<QTemporaryDir>();
        if (!workspace->loadDataFiles(withData, &error) || !dataDir->isValid()) {
            finish(RunStatus::Cancelled, RunOutcome::Cause::WorkspaceError,
                   error.isEmpty() ? QStringLiteral("cannot create a directory for the data files") : error);
            return;
        }
        for (const DataSource &d : withData.data) {
            const QString path =
                dataDir->filePath(d.sha256 + QLatin1Char('-') + QFileInfo(d.file).fileName());
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly) || f.write(d.content) != d.content.size()) {
                finish(RunStatus::Cancelled, RunOutcome::Cause::WorkspaceError,
                       QStringLiteral("cannot write the data file %1: %2").arg(path, f.errorString()));
                return;
            }
            options.dataPaths.insert(d.name, path);
        }
    }
    if (request.debug) {
        const DebugOptions &d = *request.debug;
        options.debug = {{QStringLiteral("iterations"), d.iterations},
                         {QStringLiteral("think_time"),
                          d.applyThinkTime ? QStringLiteral("apply") : QStringLiteral("skip")}};
        if (d.rows > 0)
            options.debug.insert(QStringLiteral("rows"), d.rows);
        if (!d.scenario.isEmpty())
            options.debug.insert(QStringLiteral("scenario"), d.scenario);
    }
    const QJsonObject spec = engineRunSpec(strategy, options);

    if (!request.debug) { // a debug run sends a few requests one by one: no limits, no monitoring
        baseline = resolveBaselineBounds(strategy, *workspace, request.strategyId);
        for (const QString &note : std::as_const(baseline.notes))
            logEvent(QStringLiteral("baseline"), AlertSeverity::Info, note);
        for (const QString &warning : std::as_const(baseline.warnings))
            logEvent(QStringLiteral("baseline"), AlertSeverity::Warning, warning);
        safety = std::make_unique<SafetyMonitor>(strategy, baseline);
        verdictSource = resourceSourceFor(strategy.monitoring);
        for (const QString &problem : safety->configErrors())
            logEvent(QStringLiteral("limit.unevaluable"), AlertSeverity::Warning, problem);
    }

    // From here on the thread must never block for long: the engine expects a heartbeat every second.
    QSqlQuery(QSqlDatabase::database(workspace->connectionName()))
        .exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutDuringRunMs));

    engineChoice = request.engine ? *request.engine : strategy.engine;
    if (request.engine && !request.engine->isBuiltin() && !strategy.engine.isBuiltin() &&
        !request.engine->hasWorkerOptions()) {
        // --engine-kind locust --workers N keeps the strategy's remote and external workers.
        const int local = engineChoice.workers;
        engineChoice = strategy.engine;
        engineChoice.workers = local;
    }
    if (request.debug)
        engineChoice = EngineChoice{}; // a debug run is the built-in engine's step-by-step mode
    if (engineChoice.isBuiltin()) {
        engine = new EngineProcess(request.enginePath, q);
    } else {
        engine = new EngineProcess(locustEngineLaunch(engineChoice), q);
        if (strategy.load.model == LoadModel::Open)
            logEvent(QStringLiteral("engine"), AlertSeverity::Info,
                     QStringLiteral("Locust runs the open model approximated with pacing: each Locust user "
                                    "starts its iterations users/rate apart, latency counts from the actual "
                                    "send, and a slow answer delays the next start instead of being counted "
                                    "as a dropped send"));
    }
    QObject::connect(engine, &EngineProcess::engineReady, q,
                     [this](const EngineHello &h) { onEngineReady(h); });
    QObject::connect(engine, &EngineProcess::runStarted, q, [this] { onRunStarted(); });
    QObject::connect(engine, &EngineProcess::intervalReceived, q,
                     [this](const EngineInterval &i) { onInterval(i); });
    QObject::connect(engine, &EngineProcess::warningReceived, q, [this](const QString &message) {
        logEvent(QStringLiteral("engine"), AlertSeverity::Warning, message);
    });
    QObject::connect(engine, &EngineProcess::runFinished, q,
                     [this](const EngineSummary &s) { onRunFinished(s); });
    QObject::connect(engine, &EngineProcess::debugStepReceived, q,
                     [this](const QJsonObject &record) { onDebugStep(record); });
    QObject::connect(engine, &EngineProcess::engineFailed, q,
                     [this](const QString &m) { onEngineFailed(m); });
    QObject::connect(engine, &EngineProcess::engineCrashed, q,
                     [this](int code, const QString &m) { onEngineCrashed(code, m); });

    safetyTimer = new QTimer(q);
    safetyTimer->setInterval(kSafetyTickMs);
    QObject::connect(safetyTimer, &QTimer::timeout, q, [this] { evaluateSafety(); });

    logEvent(QStringLiteral("engine"), AlertSeverity::Info,
             QStringLiteral("launching the load engine %1").arg(engine->commandLine()));
    engine->start(spec);
}

void RunController::Private::onEngineReady(const EngineHello &hello)
{
    engineHelloPid = hello.pid;
    engineCapabilities = hello.capabilities;
    engineVersion = hello.version;
    if (hello.engine != QLatin1String("loadwright-engine") && !hello.engine.isEmpty())
        engineVersion = QStringLiteral("%1 %2, %3 worker%4")
                            .arg(hello.engine, hello.version)
                            .arg(engineChoice.totalWorkers())
                            .arg(engineChoice.totalWorkers() == 1 ? QString() : QStringLiteral("s"));
    logEvent(QStringLiteral("engine"), AlertSeverity::Info,
             QStringLiteral("load engine %1 ready (pid %2)").arg(hello.version).arg(hello.pid),
             {{QStringLiteral("pid"), hello.pid}, {QStringLiteral("version"), hello.version}});
    Q_EMIT q->engineReady(hello);
}

void RunController::Private::onRunStarted()
{
    runStarted = true;
    runStartMs = QDateTime::currentMSecsSinceEpoch();
    StoreError error;
    if (!store->setStarted(runId, QDateTime::fromMSecsSinceEpoch(runStartMs, Qt::UTC), engineVersion, &error))
        logEvent(QStringLiteral("storage"), AlertSeverity::Warning,
                 QStringLiteral("the start time could not be stored: %1").arg(error.message));
    setStatus(RunStatus::Running, QStringLiteral("the engine is sending"));
    if (request.debug) {
        Q_EMIT q->progressed(progressAt(0, nullptr));
        return;
    }

    monitor = new ResourceMonitor(strategy.monitoring, q);
    for (const QString &warning : monitor->planWarnings())
        logEvent(QStringLiteral("engine"), AlertSeverity::Warning,
                 QStringLiteral("resource monitoring: %1").arg(warning));
    QObject::connect(monitor, &ResourceMonitor::sampled, q, [this](const ResourceSample &s) { onSample(s); });
    monitor->start(runStartMs);
    safetyTimer->start();
    Q_EMIT q->progressed(progressAt(0, nullptr));
}

void RunController::Private::onInterval(const EngineInterval &interval)
{
    ++intervalsReceived;
    if (intervalsReceived == 1 && interval.startMs > 0)
        runStartMs = interval.startMs - qint64(interval.startS * 1000.0); // the engine's own clock
    const bool saturated = interval.bottleneck.cpu || interval.bottleneck.scheduleLag;
    writer->addInterval(interval);
    addWorkerSamples(interval);
    if (safety) {
        safety->addInterval(interval);
        evaluateSafety();
    }
    if (saturated && !generatorSaturated)
        logEvent(
            QStringLiteral("bottleneck"), AlertSeverity::Warning,
            QStringLiteral("the load generator is saturated (%1): the measured latency includes its own "
                           "delay")
                .arg(interval.bottleneck.locustCpuWarning
                         ? QStringLiteral("Locust's CPU warning: a Locust process used more than 90 % of "
                                          "a core")
                     : interval.bottleneck.cpu
                         ? QStringLiteral("engine CPU %1 cores, busiest thread %2 %")
                               .arg(interval.bottleneck.engineCpu, 0, 'f', 1)
                               .arg(interval.bottleneck.busiestThread * 100, 0, 'f', 0)
                         : QStringLiteral("%1 late sends, up to %2 ms late")
                               .arg(interval.bottleneck.lateSends)
                               .arg(double(interval.bottleneck.maxLagUs) / 1000.0, 0, 'f', 1)),
            {{QStringLiteral("interval"), interval.index},
             {QStringLiteral("cpu"), interval.bottleneck.cpu},
             {QStringLiteral("schedule_lag"), interval.bottleneck.scheduleLag}});
    generatorSaturated = saturated;
    Q_EMIT q->progressed(progressAt(interval.endS, &interval));
}

void RunController::Private::addWorkerSamples(const EngineInterval &interval)
{
    // A distributed engine's workers: stored and shown as resource sources "worker:<name>" (request
    // rate and CPU per worker), one sample at the end of each interval.
    const double span = std::max(1e-3, interval.endS - interval.startS);
    for (const EngineWorkerInterval &w : interval.workers) {
        ResourceSample sample;
        sample.atMs = interval.endMs;
        sample.elapsedS = interval.endS;
        sample.source = QStringLiteral("worker:") + w.name;
        sample.values = {{QStringLiteral("cpu_percent"), w.cpuPercent},
                         {QStringLiteral("requests_per_s"), double(w.completed) / span},
                         {QStringLiteral("sent_per_s"), double(w.sent) / span},
                         {QStringLiteral("completed"), double(w.completed)},
                         {QStringLiteral("users"), double(w.users)}};
        writer->addResource(sample);
        Q_EMIT q->resourceSampled(sample);
    }
}

void RunController::Private::onSample(const ResourceSample &sample)
{
    if (finished)
        return;
    writer->addResource(sample);
    if (safety)
        safety->addResource(sample);
    // The verdict's cpu/memory criteria read one source; keep only what they need for long runs.
    if (sample.source == verdictSource) {
        ResourceSample kept = sample;
        kept.values.clear();
        for (const char *key : {"cpu_percent", "rss_mib", "memory_used_mib", "alive"}) {
            const QString k = QString::fromLatin1(key);
            if (sample.values.contains(k))
                kept.values.insert(k, sample.values.value(k));
        }
        samples.append(kept);
    }
    Q_EMIT q->resourceSampled(sample);
}

void RunController::Private::onRunFinished(const EngineSummary &s)
{
    summary = s;
    engineDone = true;
    stopMonitoring();
    logEvent(QStringLiteral("engine"), AlertSeverity::Info,
             QStringLiteral("the engine finished: %1 requests in %2 s, %3 errors")
                 .arg(s.requests)
                 .arg(s.durationS, 0, 'f', 1)
                 .arg(s.errors));
    if ((s.stoppedEarly || s.emergency) && !userStopped && !safetyStopped && !storageStopped) {
        // Nobody here asked it to stop: its dead-man switch fired (the controller stalled).
        endStatus = RunStatus::Interrupted;
        endCause = RunOutcome::Cause::EngineFailure;
        endReason =
            QStringLiteral("the engine stopped on its own before the end of the plan%1")
                .arg(s.warnings.isEmpty() ? QString() : QStringLiteral(": ") + s.warnings.constFirst());
    }
    maybeFinishRun();
}

void RunController::Private::onDebugStep(const QJsonObject &record)
{
    if (finished)
        return;
    ++debugSteps;
    const QString where = QStringLiteral("iteration %1, step '%2'")
                              .arg(record.value(QLatin1String("iteration")).toInteger() + 1)
                              .arg(record.value(QLatin1String("step")).toString());
    const QJsonObject error = record.value(QLatin1String("error")).toObject();
    if (!error.isEmpty())
        debugFailures << QStringLiteral("%1: %2").arg(where,
                                                      error.value(QLatin1String("message")).toString());
    else if (record.value(QLatin1String("http_error")).toBool())
        debugFailures << QStringLiteral("%1: HTTP %2")
                             .arg(where)
                             .arg(record.value(QLatin1String("response"))
                                      .toObject()
                                      .value(QLatin1String("status"))
                                      .toInt());
    for (const QJsonValue &x : record.value(QLatin1String("extractions")).toArray()) {
        const QJsonObject o = x.toObject();
        if (!o.value(QLatin1String("ok")).toBool())
            debugFailures << QStringLiteral("%1: extraction of '%2' failed (%3)")
                                 .arg(where, o.value(QLatin1String("var")).toString(),
                                      o.value(QLatin1String("error")).toString());
    }
    for (const QJsonValue &c : record.value(QLatin1String("checks")).toArray()) {
        const QJsonObject o = c.toObject();
        if (!o.value(QLatin1String("passed")).toBool())
            debugFailures << QStringLiteral("%1: check '%2' failed (expected %3, measured %4)")
                                 .arg(where, o.value(QLatin1String("name")).toString(),
                                      o.value(QLatin1String("expected")).toString(),
                                      o.value(QLatin1String("measured")).toString());
    }
    pendingDebugSteps.append(record);
    StoreError error2;
    if (store->appendDebugSteps(runId, pendingDebugSteps, &error2))
        pendingDebugSteps.clear();
    else if (pendingDebugSteps.size() == 1)
        logEvent(QStringLiteral("storage"), AlertSeverity::Warning,
                 QStringLiteral("a debug step could not be stored yet (retried): %1").arg(error2.message));
    Q_EMIT q->debugStepRecorded(record);
}

void RunController::Private::finishDebugRun()
{
    const int steps = debugSteps;
    if (steps == 0) {
        const QString why = summary && !summary->warnings.isEmpty() ? summary->warnings.constFirst()
                                                                    : QStringLiteral("no step was sent");
        return finish(RunStatus::Failed, RunOutcome::Cause::Completed,
                      QStringLiteral("debug run: nothing sent (%1)").arg(why));
    }
    if (debugFailures.isEmpty())
        return finish(
            RunStatus::Passed, RunOutcome::Cause::Completed,
            QStringLiteral("debug run: %1 step(s), every check passed and every value was extracted")
                .arg(steps));
    finish(RunStatus::Failed, RunOutcome::Cause::Completed,
           QStringLiteral("debug run: %1 problem(s) in %2 step(s): %3")
               .arg(debugFailures.size())
               .arg(steps)
               .arg(debugFailures.mid(0, 3).join(QStringLiteral("; "))));
}

void RunController::Private::onEngineFailed(const QString &message)
{
    engineDone = true;
    stopMonitoring();
    logEvent(QStringLiteral("engine"), AlertSeverity::Critical, message);
    if (!runStarted) {
        if (userStopped)
            return refuse(RunOutcome::Cause::UserStop, stopReason);
        return refuse(isEngineRefusal(message) ? RunOutcome::Cause::EngineRefused
                                               : RunOutcome::Cause::EngineFailure,
                      message);
    }
    endStatus = RunStatus::Interrupted;
    endCause = RunOutcome::Cause::EngineFailure;
    endReason = message;
    maybeFinishRun();
}

void RunController::Private::onEngineCrashed(int, const QString &message)
{
    engineDone = true;
    stopMonitoring();
    logEvent(QStringLiteral("engine"), AlertSeverity::Critical, message);
    if (!runStarted && userStopped)
        return refuse(RunOutcome::Cause::UserStop, stopReason);
    // An engine killed after it ignored our emergency stop ended as we asked, not by a crash.
    if (!(emergencyRequested && (userStopped || safetyStopped || storageStopped))) {
        endStatus = RunStatus::Interrupted;
        endCause = RunOutcome::Cause::EngineCrash;
        endReason = message;
    }
    if (!runStarted)
        return refuse(RunOutcome::Cause::EngineFailure, message);
    maybeFinishRun();
}

void RunController::Private::maybeFinishRun()
{
    if (finished || !engineDone || !rollbackDone)
        return;
    if (storageStopped)
        return finish(RunStatus::Interrupted, RunOutcome::Cause::Storage, stopReason);
    if (safetyStopped)
        return finish(RunStatus::StoppedBySafety, RunOutcome::Cause::SafetyStop, stopReason);
    if (userStopped)
        return finish(RunStatus::Cancelled, RunOutcome::Cause::UserStop, stopReason);
    if (endStatus)
        return finish(*endStatus, endCause, endReason);
    if (!summary)
        return finish(RunStatus::Interrupted, RunOutcome::Cause::EngineFailure,
                      QStringLiteral("the engine ended without a summary"));
    if (request.debug)
        return finishDebugRun();
    const Verdict verdict =
        evaluateVerdict(strategy, *summary, samples, RunStatus::Passed, safetyStops, baseline);
    int met = 0;
    for (const CriterionResult &c : verdict.criteria)
        met += c.passed ? 1 : 0;
    QString reason = verdict.criteria.isEmpty() ? QStringLiteral("no success criteria")
                                                : QStringLiteral("%1 of %2 criteria met, score %3")
                                                      .arg(met)
                                                      .arg(verdict.criteria.size())
                                                      .arg(verdict.score, 0, 'f', 0);
    if (!verdict.passed && !verdict.violations.isEmpty())
        reason += QStringLiteral(": ") + verdict.violations.join(QStringLiteral("; "));
    finish(verdict.passed ? RunStatus::Passed : RunStatus::Failed, RunOutcome::Cause::Completed, reason);
}

void RunController::Private::stopMonitoring()
{
    if (monitor)
        monitor->stop();
    if (safetyTimer)
        safetyTimer->stop();
    if (stopWatchdog)
        stopWatchdog->stop();
}

RunProgress RunController::Private::progressAt(double elapsed, const EngineInterval *last) const
{
    RunProgress p;
    p.elapsedS = elapsed;
    p.plannedS = double(plannedDurationMs(strategy.load)) / 1000.0;
    p.stageCount = int(strategy.load.stages.size());
    p.stageIndex = p.stageCount > 0 ? 0 : -1;
    double from = 0;
    double stageStart = 0;
    for (int i = 0; i < p.stageCount; ++i) {
        const Stage &stage = strategy.load.stages.at(i);
        const double length = double(parseDurationMs(stage.duration).value_or(0)) / 1000.0;
        p.stageIndex = i;
        if (elapsed < stageStart + length || i + 1 == p.stageCount) {
            const double t = length > 0 ? std::clamp((elapsed - stageStart) / length, 0.0, 1.0) : 1.0;
            p.currentTarget = stage.ramp == StageRamp::Step ? stage.target : from + (stage.target - from) * t;
            break;
        }
        stageStart += length;
        from = stage.target;
    }
    if (strategy.load.rateCap && strategy.load.model == LoadModel::Open)
        p.currentTarget = std::min(p.currentTarget, *strategy.load.rateCap);
    p.currentTarget *= throttleScale; // the engine scales the (capped) profile from each throttle on
    if (last) {
        const double span = last->endS - last->startS;
        if (span > 0) {
            p.sentRate = double(last->sent) / span;
            p.completedRate = double(last->completed) / span;
        }
    }
    return p;
}

} // namespace lw
