#include "cli/strategycommands.h"

#include "cli/clicontext.h"
#include "services/demoworkspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace lw::cli {

namespace {

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString localText(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

// Finds a strategy by name (archived ones too); writes the error and returns nullopt when absent.
std::optional<StrategySummary> findStrategy(Workspace &ws, const QString &name, CommandIo &io)
{
    auto summary = ws.strategyByName(name);
    if (!summary)
        io.err << "loadwright: there is no strategy named '" << name << "' in " << ws.path()
               << " (see 'loadwright strategies')" << Qt::endl;
    return summary;
}

// The revision asked for with --revision N, or the latest.
std::optional<StrategyRevision> selectedRevision(Workspace &ws, const StrategySummary &s,
                                                 const Invocation &inv, CommandIo &io, int *exitCode)
{
    *exitCode = ExitBadInput;
    if (!inv.has(QStringLiteral("revision")))
        return ws.latestRevision(s.id);
    bool ok = false;
    const int n = inv.value(QStringLiteral("revision")).toInt(&ok);
    if (!ok || n <= 0) {
        usageError(io, QStringLiteral("--revision expects a revision number such as 1 (got '%1')")
                           .arg(inv.value(QStringLiteral("revision"))));
        return std::nullopt;
    }
    auto rev = ws.revision(s.id, n);
    if (!rev)
        io.err << "loadwright: '" << s.name << "' has no revision " << n << " (revisions 1 to "
               << s.latestRevision << ")" << Qt::endl;
    return rev;
}

} // namespace

int validateCommand(const Invocation &inv, CommandIo &io)
{
    const std::optional<Variables> vars = variables(inv, io);
    if (!vars)
        return ExitBadInput;
    bool allValid = true;
    for (const QString &path : inv.arguments) {
        const CheckedFile file = checkStrategyFile(path, *vars);
        if (file.ok()) {
            io.out << path << ": valid\n";
        } else {
            allValid = false;
            reportIssues(file, io);
        }
    }
    return allValid ? ExitSuccess : ExitBadInput;
}

int importCommand(const Invocation &inv, CommandIo &io)
{
    const std::optional<Variables> vars = variables(inv, io);
    if (!vars)
        return ExitBadInput;
    const QString author = actingUser(inv);
    if (author.isEmpty())
        return usageError(io, QStringLiteral("--as needs a user name"));

    // Every file is checked before the workspace is touched: one invalid file imports nothing.
    QList<CheckedFile> files;
    bool allValid = true;
    for (const QString &path : inv.arguments) {
        files.append(checkStrategyFile(path, *vars));
        if (!files.constLast().ok()) {
            allValid = false;
            reportIssues(files.constLast(), io);
        }
    }
    if (!allValid) {
        io.err << "loadwright: nothing was imported" << Qt::endl;
        return ExitBadInput;
    }

    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, true);
    if (!ws)
        return ExitBadInput;
    const QString comment = inv.has(QStringLiteral("comment")) ? inv.value(QStringLiteral("comment"))
                                                               : QStringLiteral("Imported from command line");
    for (const CheckedFile &file : files) {
        QString error;
        const auto rev = ws->importStrategy(*file.strategy, author, comment, &error);
        if (!rev) {
            io.err << "loadwright: " << file.path << ": " << error << Qt::endl;
            return ExitInternal;
        }
        io.out << "imported " << file.strategy->name << " as revision " << rev->revision << '\n';
    }
    return ExitSuccess;
}

int strategiesCommand(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const bool archived = inv.has(QStringLiteral("archived"));
    const QList<StrategySummary> list = archived ? ws->archivedStrategies() : ws->strategies();

    if (inv.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const StrategySummary &s : list) {
            array.append(QJsonObject{{QStringLiteral("id"), s.id},
                                     {QStringLiteral("name"), s.name},
                                     {QStringLiteral("type"), toString(s.type)},
                                     {QStringLiteral("safety_level"), toString(s.safetyLevel)},
                                     {QStringLiteral("revision"), s.latestRevision},
                                     {QStringLiteral("hash"), s.latestHash},
                                     {QStringLiteral("updated_at"), utcText(s.updatedAt)},
                                     {QStringLiteral("updated_by"), s.updatedBy},
                                     {QStringLiteral("archived"), s.archived}});
        }
        io.out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitSuccess;
    }

    if (list.isEmpty()) {
        io.out << (archived ? "No archived strategies in " : "No strategies in ") << ws->path()
               << (archived ? "." : ". Add one with 'loadwright import FILE'.") << '\n';
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("TYPE"), QStringLiteral("SAFETY"),
                             QStringLiteral("REV"), QStringLiteral("UPDATED"), QStringLiteral("BY")}};
    for (const StrategySummary &s : list) {
        rows.append({s.name, toString(s.type), toString(s.safetyLevel), QString::number(s.latestRevision),
                     localText(s.updatedAt), s.updatedBy});
    }
    printTable(io.out, rows);
    return ExitSuccess;
}

int revisionsCommand(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const auto s = findStrategy(*ws, inv.arguments.first(), io);
    if (!s)
        return ExitBadInput;
    const QList<StrategyRevision> revisions = ws->revisions(s->id);
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const StrategyRevision &r : revisions) {
            array.append(QJsonObject{{QStringLiteral("strategy"), s->name},
                                     {QStringLiteral("revision"), r.revision},
                                     {QStringLiteral("hash"), r.hash},
                                     {QStringLiteral("author"), r.author},
                                     {QStringLiteral("comment"), r.comment},
                                     {QStringLiteral("created_at"), utcText(r.createdAt)}});
        }
        io.out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("REV"), QStringLiteral("CREATED"), QStringLiteral("BY"),
                             QStringLiteral("HASH"), QStringLiteral("COMMENT")}};
    for (const StrategyRevision &r : revisions) {
        rows.append({QString::number(r.revision), localText(r.createdAt), r.author, r.hash.left(12),
                     r.comment.simplified()});
    }
    printTable(io.out, rows);
    return ExitSuccess;
}

int showCommand(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const auto s = findStrategy(*ws, inv.arguments.first(), io);
    if (!s)
        return ExitBadInput;
    int code = ExitSuccess;
    const auto rev = selectedRevision(*ws, *s, inv, io, &code);
    if (!rev)
        return code;
    io.out << QString::fromUtf8(rev->json);
    return ExitSuccess;
}

int exportCommand(const Invocation &inv, CommandIo &io)
{
    if (!inv.has(QStringLiteral("output")) || inv.value(QStringLiteral("output")).isEmpty())
        return usageError(io, QStringLiteral("'export' needs -o FILE"));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const auto s = findStrategy(*ws, inv.arguments.first(), io);
    if (!s)
        return ExitBadInput;
    int code = ExitSuccess;
    const auto rev = selectedRevision(*ws, *s, inv, io, &code);
    if (!rev)
        return code;

    // QSaveFile: a failed write never leaves a truncated file behind.
    const QString path = inv.value(QStringLiteral("output"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(rev->json) != rev->json.size() || !file.commit()) {
        io.err << "loadwright: cannot write " << path << ": " << file.errorString() << Qt::endl;
        return ExitBadInput;
    }
    io.out << "exported " << s->name << " revision " << rev->revision << " to " << path << '\n';
    return ExitSuccess;
}

namespace {

int setArchived(const Invocation &inv, CommandIo &io, bool archive)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const auto s = findStrategy(*ws, inv.arguments.first(), io);
    if (!s)
        return ExitBadInput;
    QString error;
    if (!(archive ? ws->archiveStrategy(s->id, &error) : ws->restoreStrategy(s->id, &error))) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    io.out << (archive ? "archived " : "restored ") << s->name << '\n';
    return ExitSuccess;
}

} // namespace

int archiveCommand(const Invocation &inv, CommandIo &io)
{
    return setArchived(inv, io, true);
}

int restoreCommand(const Invocation &inv, CommandIo &io)
{
    return setArchived(inv, io, false);
}

int demoCommand(const Invocation &inv, CommandIo &io)
{
    const QString path = inv.has(QStringLiteral("workspace")) ? inv.value(QStringLiteral("workspace"))
                                                              : Workspace::defaultDemoPath();
    QStringList imported;
    QString error;
    if (!createDemoWorkspace(path, &imported, &error)) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitBadInput;
    }
    for (const QString &line : imported)
        io.out << "imported " << line << '\n';
    io.out << "demo workspace ready: " << path << '\n';
    return ExitSuccess;
}

} // namespace lw::cli
