#include "cli/reportcommands.h"

#include "cli/clicontext.h"
#include "report/savedreports.h"
#include "storage/runstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace lw::cli {

namespace {

QString rangeText(const report::IntervalRange &r)
{
    if (r.isWholeRun())
        return QStringLiteral("whole run");
    return QStringLiteral("intervals %1..%2")
        .arg(r.fromIndex < 0 ? QStringLiteral("start") : QString::number(r.fromIndex),
             r.toIndex < 0 ? QStringLiteral("end") : QString::number(r.toIndex));
}

} // namespace

int baselineCommand(const Invocation &inv, CommandIo &io)
{
    const std::optional<qint64> id = parseRunId(inv.arguments.at(0));
    if (!id)
        return usageError(io, QStringLiteral("'baseline' expects a run id (see 'loadwright runs'), got '%1'")
                                  .arg(inv.arguments.at(0)));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const RunStore store(*ws);
    StoreError se;
    const std::optional<RunRecord> run = store.run(*id, &se);
    if (!run) {
        io.err
            << "loadwright: "
            << (se.isError()
                    ? se.message
                    : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')").arg(*id))
            << Qt::endl;
        return ExitBadInput;
    }
    const QString user = actingUser(inv);
    QString error;
    if (inv.has(QStringLiteral("clear"))) {
        if (!report::clearBaseline(*ws, run->strategyId, user, &error)) {
            io.err << "loadwright: " << error << Qt::endl;
            return ExitBadInput;
        }
        io.out << "'" << run->strategyName << "' has no baseline run any more" << Qt::endl;
        return ExitSuccess;
    }
    if (!report::setBaseline(*ws, run->strategyId, *id, user, &error)) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitBadInput;
    }
    io.out << "Run " << *id << " (revision " << run->revision << ", " << toString(run->status)
           << ") is now the baseline of '" << run->strategyName
           << "': 'loadwright compare baseline RUN' compares with it" << Qt::endl;
    return ExitSuccess;
}

int reportsCommand(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QString error;
    const QList<report::SavedReportInfo> list = report::savedReports(*ws, &error);
    if (!error.isEmpty()) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray out;
        for (const report::SavedReportInfo &r : list) {
            out.append(QJsonObject{{QStringLiteral("id"), r.id},
                                   {QStringLiteral("run_id"), r.runId ? QJsonValue(*r.runId) : QJsonValue()},
                                   {QStringLiteral("title"), r.title},
                                   {QStringLiteral("created_at"), r.createdAt.toString(Qt::ISODateWithMs)},
                                   {QStringLiteral("created_by"), r.createdBy},
                                   {QStringLiteral("range_from"), r.range.fromIndex},
                                   {QStringLiteral("range_to"), r.range.toIndex},
                                   {QStringLiteral("sha256"), r.sha256},
                                   {QStringLiteral("audit_head"), r.auditHead}});
        }
        io.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    if (list.isEmpty()) {
        io.out << "No saved reports in " << ws->path() << " (save one from a run's report in the workbench)"
               << Qt::endl;
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("RUN"), QStringLiteral("TITLE"),
                             QStringLiteral("RANGE"), QStringLiteral("SAVED"), QStringLiteral("BY")}};
    for (const report::SavedReportInfo &r : list) {
        rows.append({QString::number(r.id), r.runId ? QString::number(*r.runId) : QStringLiteral("(deleted)"),
                     r.title, rangeText(r.range), r.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                     r.createdBy});
    }
    printTable(io.out, rows);
    io.out.flush();
    return ExitSuccess;
}

std::optional<qint64> resolveBaselineArgument(Workspace &ws, qint64 candidateRunId, QString *error)
{
    const RunStore store(ws);
    StoreError se;
    const std::optional<RunRecord> candidate = store.run(candidateRunId, &se);
    if (!candidate) {
        if (error)
            *error = se.isError()
                         ? se.message
                         : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')")
                               .arg(candidateRunId);
        return std::nullopt;
    }
    QString why;
    const std::optional<qint64> base = report::baselineRun(ws, candidate->strategyId, &why);
    if (!base && error)
        *error = !why.isEmpty()
                     ? why
                     : QStringLiteral("'%1' has no baseline run: mark one with 'loadwright baseline RUN'")
                           .arg(candidate->strategyName);
    return base;
}

} // namespace lw::cli
