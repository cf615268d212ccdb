#include "cli/runcommands.h"

#include "audit/clock.h"
#include "cli/clicontext.h"
#include "cli/debugcommands.h"
#include "cli/notifycommands.h"
#include "cli/runprinter.h"
#include "cli/signalwatcher.h"
#include "governance/approvalgate.h"
#include "model/strategyjson.h"
#include "storage/runstore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <unistd.h>

namespace lw::cli {

std::optional<RunTarget> resolveRunTarget(const Invocation &inv, CommandIo &io, const Variables &vars,
                                          const QString &user, int *exitCode)
{
    *exitCode = ExitBadInput;
    const QString arg = inv.arguments.constFirst();
    const QFileInfo info(arg);
    if (info.isFile()) {
        const CheckedFile file = checkStrategyFile(arg, vars);
        if (!file.ok()) {
            reportIssues(file, io);
            io.err << "loadwright: " << arg << " was not run" << Qt::endl;
            return std::nullopt;
        }
        const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, true);
        if (!ws)
            return std::nullopt;
        const auto existing = ws->strategyByName(file.strategy->name);
        if (existing) {
            const auto latest = ws->latestRevision(existing->id);
            if (latest && latest->hash == contentHash(*file.strategy))
                return RunTarget{existing->id, latest->revision, existing->name};
        }
        QString error;
        const auto rev = ws->importStrategy(
            *file.strategy, user,
            QStringLiteral("Imported by 'loadwright %1 %2'").arg(inv.command, info.fileName()), &error);
        if (!rev) {
            io.err << "loadwright: " << arg << ": " << error << Qt::endl;
            *exitCode = ExitInternal;
            return std::nullopt;
        }
        io.err << "imported " << file.strategy->name << " as revision " << rev->revision << Qt::endl;
        return RunTarget{rev->strategyId, rev->revision, file.strategy->name};
    }
    if (info.exists() || arg.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        io.err << "loadwright: " << arg
               << (info.exists() ? QStringLiteral(" is not a file") : QStringLiteral(": no such file"))
               << Qt::endl;
        return std::nullopt;
    }
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return std::nullopt;
    const auto summary = ws->strategyByName(arg);
    if (!summary) {
        io.err << "loadwright: there is no strategy file or stored strategy named '" << arg << "' in "
               << ws->path() << " (see 'loadwright strategies')" << Qt::endl;
        return std::nullopt;
    }
    return RunTarget{summary->id, summary->latestRevision, summary->name};
}

namespace {

QString localTime(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("-");
}

} // namespace

int exitCodeFor(const RunOutcome &outcome, int stopSignal)
{
    switch (outcome.cause) {
    case RunOutcome::Cause::Completed:
        return outcome.status == RunStatus::Passed ? ExitSuccess : ExitVerdictFailed;
    case RunOutcome::Cause::Invalid:
        return ExitBadInput;
    case RunOutcome::Cause::SafetyStop:
        return ExitSafetyStop;
    case RunOutcome::Cause::Prerequisite:
    case RunOutcome::Cause::Gate:
    case RunOutcome::Cause::Window:
    case RunOutcome::Cause::EngineRefused:
        return ExitRefused;
    case RunOutcome::Cause::UserStop:
        return 128 + (stopSignal > 0 ? stopSignal : SIGINT);
    case RunOutcome::Cause::EngineFailure:
    case RunOutcome::Cause::EngineCrash:
    case RunOutcome::Cause::Storage:
    case RunOutcome::Cause::ControllerGone:
    case RunOutcome::Cause::WorkspaceError:
        break;
    }
    return ExitInternal;
}

RunRequest runRequestFor(const Invocation &inv, const RunTarget &target, const Variables &vars,
                         const QString &user)
{
    RunRequest request;
    request.workspacePath = workspacePath(inv);
    request.strategyId = target.strategyId;
    request.revision = target.revision;
    request.user = user;
    for (auto it = vars.values.cbegin(); it != vars.values.cend(); ++it)
        request.variables.insert(it.key(), it.value());
    request.confirmedManualPrerequisites = inv.values(QStringLiteral("confirm"));
    request.enginePath = inv.value(QStringLiteral("engine"));
    // Testing windows use the same clock as approvals ($LOADWRIGHT_NOW in tests), in local time.
    request.clock = [] {
        return audit::now().toLocalTime();
    };
    return request;
}

int runStrategyCommand(const Invocation &inv, CommandIo &io)
{
    const std::optional<Variables> vars = variables(inv, io);
    if (!vars)
        return ExitBadInput;
    const QString user = actingUser(inv);
    if (user.isEmpty())
        return usageError(io, QStringLiteral("--as needs a user name"));
    int code = ExitBadInput;
    const std::optional<RunTarget> target = resolveRunTarget(inv, io, *vars, user, &code);
    if (!target)
        return code;

    RunRequest request = runRequestFor(inv, *target, *vars, user);
    if (inv.has(QStringLiteral("engine-kind")) || inv.has(QStringLiteral("workers"))) {
        EngineChoice engine;
        engine.kind = inv.value(QStringLiteral("engine-kind"));
        if (engine.kind != QLatin1String("builtin") && engine.kind != QLatin1String("locust"))
            return usageError(
                io, QStringLiteral("--engine-kind expects builtin or locust (got '%1')").arg(engine.kind));
        if (inv.has(QStringLiteral("workers"))) {
            bool ok = false;
            engine.workers = inv.value(QStringLiteral("workers")).toInt(&ok);
            if (!ok || engine.workers < 1 || engine.workers > EngineChoice::kMaxWorkers)
                return usageError(io, QStringLiteral("--workers expects a number from 1 to %1 (got '%2')")
                                          .arg(EngineChoice::kMaxWorkers)
                                          .arg(inv.value(QStringLiteral("workers"))));
            if (engine.isBuiltin())
                return usageError(io, QStringLiteral("--workers needs --engine-kind locust"));
        }
        request.engine = engine;
    }
    {
        // Signed approvals, decided with a connection closed again before the controller
        // opens its own (see governance/approvalgate.h).
        const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
        if (!ws)
            return ExitBadInput;
        request.gate = governance::precomputedApprovalGate(*ws, target->strategyId, target->revision);
    }

    const bool json = inv.has(QStringLiteral("json"));
    QTextStream &live = json ? io.err : io.out;
    RunPrinter printer(live, ::isatty(json ? STDERR_FILENO : STDOUT_FILENO) == 1);
    printer.setStrategy(target->name, target->revision);

    RunDeliveries deliveries(inv, request.workspacePath); // notifications go out while it runs
    RunController controller(request);
    SignalWatcher signalWatcher;
    int stopSignal = 0;
    QObject::connect(&signalWatcher, &SignalWatcher::received, &controller, [&](int signalNumber, int count) {
        if (count == 1) {
            stopSignal = signalNumber;
            printer.message(QStringLiteral("stopping gracefully (press Ctrl+C again for an emergency stop)"));
            controller.stop();
        } else {
            printer.message(QStringLiteral("emergency stop"));
            controller.emergencyStop();
        }
    });
    QObject::connect(&controller, &RunController::runCreated, &controller, [&](qint64 id) {
        printer.message(
            QStringLiteral("run %1 of '%2' revision %3").arg(id).arg(target->name).arg(target->revision));
    });
    QObject::connect(&controller, &RunController::statusChanged, &controller,
                     [&](RunStatus s, const QString &detail) { printer.onStatus(s, detail); });
    QObject::connect(&controller, &RunController::prerequisiteChecked, &controller,
                     [&](const PrerequisiteResult &r) { printer.onPrerequisite(r); });
    QObject::connect(&controller, &RunController::eventLogged, &controller,
                     [&](const RunEvent &e) { printer.onEvent(e); });
    QObject::connect(&controller, &RunController::intervalRecorded, &controller,
                     [&](const EngineInterval &i) { printer.onInterval(i); });
    QObject::connect(&controller, &RunController::progressed, &controller,
                     [&](const RunProgress &p) { printer.onProgress(p); });

    QEventLoop loop;
    std::optional<RunOutcome> outcome;
    QObject::connect(&controller, &RunController::finished, &loop, [&](const RunOutcome &o) {
        outcome = o;
        loop.quit();
    });
    QTimer::singleShot(0, &controller, &RunController::start);
    loop.exec();
    // The end of the run could not be written (a full or locked workspace): keep retrying while
    // the user frees space, rather than exit with the records only in memory.
    std::optional<QString> lostRecords;
    if (controller.isStoringFinal()) {
        printer.message(
            QStringLiteral("the end of the run cannot be written to the workspace yet; retrying for "
                           "up to a minute (free some space on its disk now, or press Ctrl+C)"));
        QEventLoop wait;
        QObject::connect(&controller, &RunController::finalStorageSettled, &wait,
                         [&](bool stored, const QString &lost) {
                             if (!stored)
                                 lostRecords = lost;
                             wait.quit();
                         });
        QObject::connect(&signalWatcher, &SignalWatcher::received, &wait, [&] {
            lostRecords = QStringLiteral("the end of the run was not written (stopped by the user)");
            wait.quit();
        });
        if (controller.isStoringFinal())
            wait.exec();
    }
    printer.endLive();
    if (outcome)
        deliveries.waitForRun(outcome->runId, io);
    if (!outcome) {
        io.err << "loadwright: the run ended without an outcome" << Qt::endl;
        return ExitInternal;
    }
    const int exitCode = lostRecords ? int(ExitInternal) : exitCodeFor(*outcome, stopSignal);
    if (json) {
        QJsonObject summary =
            summaryJson(*outcome, target->name, target->strategyId, target->revision, exitCode);
        summary.insert(QStringLiteral("stored"), !lostRecords);
        if (lostRecords)
            summary.insert(QStringLiteral("not_stored"), *lostRecords);
        io.out << QJsonDocument(summary).toJson(QJsonDocument::Indented);
    } else {
        io.out << summaryText(*outcome, target->name, target->revision);
    }
    if (lostRecords)
        io.err << "loadwright: " << *lostRecords
               << "; the next opening of the workspace marks the run interrupted and keeps what was written"
               << Qt::endl;
    else if (exitCode == ExitBadInput || exitCode == ExitRefused || exitCode == ExitInternal)
        io.err << "loadwright: " << outcome->reason << Qt::endl;
    return exitCode;
}

int runsCommand(const Invocation &inv, CommandIo &io)
{
    if (!inv.arguments.isEmpty()) {
        if (inv.arguments.constFirst() == QLatin1String("delete"))
            return deleteDebugRunCommand(inv, io);
        return usageError(io, QStringLiteral("'runs' takes no argument but 'delete ID' (got '%1')")
                                  .arg(inv.arguments.constFirst()));
    }
    int limit = -1;
    if (inv.has(QStringLiteral("limit"))) {
        bool ok = false;
        limit = inv.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit <= 0)
            return usageError(io, QStringLiteral("--limit expects a positive number (got '%1')")
                                      .arg(inv.value(QStringLiteral("limit"))));
    }
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    std::optional<qint64> strategyId;
    if (inv.has(QStringLiteral("strategy"))) {
        const QString name = inv.value(QStringLiteral("strategy"));
        const auto s = ws->strategyByName(name);
        if (!s) {
            io.err << "loadwright: there is no strategy named '" << name << "' in " << ws->path()
                   << " (see 'loadwright strategies')" << Qt::endl;
            return ExitBadInput;
        }
        strategyId = s->id;
    }
    RunStore store(*ws);
    StoreError error;
    const QList<RunRecord> all = store.runs(&error);
    if (error.isError()) {
        io.err << "loadwright: the runs could not be read: " << error.message << Qt::endl;
        return ExitInternal;
    }
    QList<RunRecord> list;
    for (const RunRecord &r : all) {
        if (strategyId && r.strategyId != *strategyId)
            continue;
        if (limit > 0 && list.size() >= limit)
            break;
        list.append(r);
    }

    if (inv.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const RunRecord &r : list)
            array.append(runRecordToJson(r));
        io.out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    if (list.isEmpty()) {
        io.out << "no runs yet" << (strategyId ? " of that strategy" : "")
               << " (start one with 'loadwright run')\n";
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("STRATEGY"), QStringLiteral("REV"),
                             QStringLiteral("STATUS"), QStringLiteral("STARTED"), QStringLiteral("DURATION"),
                             QStringLiteral("REQUESTS"), QStringLiteral("ERRORS"), QStringLiteral("P99 MS"),
                             QStringLiteral("SCORE"), QStringLiteral("BY")}};
    for (const RunRecord &r : list) {
        rows.append(
            {QString::number(r.id),
             r.kind == RunKind::Debug ? r.strategyName + QStringLiteral(" [debug]") : r.strategyName,
             QString::number(r.revision), toString(r.status),
             localTime(r.startedAt.isValid() ? r.startedAt : r.createdAt),
             r.durationS > 0 ? QStringLiteral("%1 s").arg(r.durationS, 0, 'f', 1) : QStringLiteral("-"),
             QString::number(r.requests), QString::number(r.errors),
             r.p99Us > 0 ? QString::number(double(r.p99Us) / 1000.0, 'f', 2) : QStringLiteral("-"),
             r.score ? QString::number(*r.score, 'f', 0) : QStringLiteral("-"), r.user});
    }
    printTable(io.out, rows);
    return ExitSuccess;
}

} // namespace lw::cli
