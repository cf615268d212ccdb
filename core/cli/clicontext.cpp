#include "cli/clicontext.h"
#include "services/openworkspace.h"

#include "model/strategydata.h"
#include "storage/accountname.h"

#include "storage/runstore.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

namespace lw::cli {

QString workspacePath(const Invocation &inv)
{
    if (inv.has(QStringLiteral("workspace")))
        return inv.value(QStringLiteral("workspace"));
    return Workspace::defaultPath();
}

std::optional<qint64> parseRunId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

QString actingUser(const Invocation &inv)
{
    if (inv.has(QStringLiteral("as")))
        return inv.value(QStringLiteral("as")).trimmed();
    return accountName();
}

std::optional<Variables> variables(const Invocation &inv, CommandIo &io)
{
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    Variables vars;
    for (const QString &assignment : inv.values(QStringLiteral("set"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QString name = eq < 0 ? assignment : assignment.left(eq);
        if (eq < 0 || !validName.match(name).hasMatch()) {
            usageError(io, QStringLiteral("--set expects VAR=value with VAR made of letters, digits and '_' "
                                          "(got '%1')")
                               .arg(assignment));
            return std::nullopt;
        }
        vars.values.insert(name, assignment.mid(eq + 1));
    }
    return vars;
}

std::unique_ptr<Workspace> openWorkspace(const Invocation &inv, CommandIo &io, bool create)
{
    const QString path = workspacePath(inv);
    Workspace::OpenOptions options;
    options.createIfMissing = create;
    QString error;
    std::unique_ptr<Workspace> ws = lw::openWorkspace(path, options, &error);
    if (!ws) {
        if (!create && !QFileInfo::exists(path))
            error = QStringLiteral(
                        "there is no workspace at %1 yet; import a strategy first or pass --workspace FILE")
                        .arg(path);
        io.err << "loadwright: " << error << Qt::endl;
        return ws;
    }
    if (ws->isReadOnly()) {
        io.err << "loadwright: the workspace " << ws->path()
               << " is read-only: it can be listed, shown and exported, not changed" << Qt::endl;
        return ws;
    }
    // Runs whose app died mid-run become interrupted (their data kept) on the next opening.
    for (const RecoveredRun &run : RunStore(*ws).recoverInterrupted())
        io.err << "loadwright: run " << run.runId << " was " << toString(run.previousStatus)
               << " when its program ended; it is now marked interrupted (" << run.intervals
               << " intervals kept)" << Qt::endl;
    return ws;
}

CheckedFile checkStrategyFile(const QString &path, const Variables &vars)
{
    CheckedFile result;
    result.path = path;
    QFile file(path);
    const QFileInfo info(path);
    if (info.isDir()) {
        result.readError = QStringLiteral("is a directory, not a strategy file");
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.readError = QStringLiteral("cannot read: %1").arg(file.errorString());
        return result;
    }
    // Refuse oversized input before reading it into memory.
    if (file.size() > kMaxStrategyBytes) {
        ValidationIssue issue;
        issue.message = QStringLiteral("the file is %1 bytes; strategies are limited to %2 bytes")
                            .arg(file.size())
                            .arg(kMaxStrategyBytes);
        result.issues.append(issue);
        return result;
    }
    result.json = file.readAll();
    ParseResult parsed = parseStrategy(result.json);
    result.issues = parsed.issues;
    if (parsed.strategy) {
        // Scenario data files are read relative to the strategy file and become part of it.
        result.issues += loadDataFiles(*parsed.strategy, QFileInfo(path).absolutePath());
        result.issues += validateStrategy(*parsed.strategy, vars);
        if (result.issues.isEmpty())
            result.strategy = parsed.strategy;
    }
    return result;
}

void reportIssues(const CheckedFile &file, CommandIo &io)
{
    if (!file.readError.isEmpty()) {
        io.err << file.path << ": " << file.readError << '\n';
        return;
    }
    for (const ValidationIssue &issue : file.issues)
        io.err << file.path << ": " << issue.toString() << '\n';
    if (file.issues.isEmpty() && !file.strategy)
        io.err << file.path << ": json: not a strategy document\n";
}

void printTable(QTextStream &out, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (widths.size() <= c)
                widths.append(0);
            widths[c] = std::max(widths[c], row.at(c).size());
        }
    }
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            line += c + 1 < row.size() ? row.at(c).leftJustified(widths.at(c) + 2) : row.at(c);
        }
        out << line << '\n';
    }
}

} // namespace lw::cli
