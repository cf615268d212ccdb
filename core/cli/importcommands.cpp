#include "cli/importcommands.h"

#include "cli/clicontext.h"
#include "cli/strategycommands.h"
#include "import/curlimport.h"
#include "import/harimport.h"
#include "import/k6export.h"
#include "model/strategydata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

namespace lw::cli {

namespace {

using namespace lw::import;

QString usesText(const CorrelationSuggestion &s)
{
    QStringList parts;
    for (const CorrelationUse &u : s.uses)
        parts.append(
            QStringLiteral("%1 (%2%3)")
                .arg(u.stepName, u.place, u.urlEncoded ? QStringLiteral(", URL-encoded") : QString()));
    return parts.join(QStringLiteral(", "));
}

void printResult(const ImportResult &r, const ImportChoices &choices, const Strategy &built, bool har,
                 CommandIo &io)
{
    if (!r.leftOut.isEmpty()) {
        io.out << "left out (" << r.leftOut.size()
               << "; put back with --keep-assets, --keep-host HOST or --keep-entry N):\n";
        for (const LeftOutRequest &l : r.leftOut)
            io.out << "  #" << l.entry << "  " << l.method << ' ' << l.url.left(100) << "  -  "
                   << l.describe() << '\n';
    }
    if (!r.suggestions.isEmpty()) {
        const qsizetype accepted = choices.acceptedSuggestions.size();
        io.out << "correlation suggestions (" << r.suggestions.size()
               << (accepted == r.suggestions.size()
                       ? QStringLiteral(", accepted):\n")
                       : QStringLiteral(", %1 accepted; accept with --correlate (all) or --accept ID):\n")
                             .arg(accepted));
        for (const CorrelationSuggestion &s : r.suggestions)
            io.out << "  " << s.id << (choices.acceptedSuggestions.contains(s.id) ? " + " : "   ") << "{{"
                   << s.extraction.var << "}} from " << s.sourceStepName << ", " << s.how << " = "
                   << s.shownValue << "; used by " << usesText(s) << '\n';
    } else if (har) {
        io.out << "correlation: no value of a response is sent again by a later request\n";
    }
    if (!r.secrets.isEmpty()) {
        io.out << "secrets found in the recording (" << r.secrets.size() << "; "
               << (choices.keptSecrets.isEmpty()
                       ? QStringLiteral("none is stored; --keep-secret ID stores one as recorded")
                       : QStringLiteral("%1 stored as recorded").arg(choices.keptSecrets.size()))
               << "):\n";
        const QStringList stillUsed = secretVariablesUsed(r, built);
        for (const FlaggedSecret &s : r.secrets) {
            io.out << "  " << s.id << "  " << s.stepName << ": " << s.what << " " << s.shownValue << " - ";
            if (choices.keptSecrets.contains(s.id))
                io.out << "STORED as recorded (--keep-secret)\n";
            else if (!s.variable.isEmpty() && !stillUsed.contains(s.variable))
                io.out << "taken from an earlier answer by correlation\n";
            else
                io.out << s.note << '\n';
        }
    }
    for (const CurlOptionNote &n : r.ignoredOptions)
        io.out << "note: line " << n.line << ", column " << n.column << ": " << n.option << ": " << n.note
               << '\n';
    for (const CurlOptionNote &n : r.unknownOptions)
        io.err << "loadwright: line " << n.line << ", column " << n.column << ": option " << n.option
               << " is not understood" << Qt::endl;
    for (const QString &n : r.notes) {
        if (!n.contains(QLatin1String("is not understood")))
            io.out << "note: " << n << '\n';
    }
}

// Validates the built journey (secret variables count as supplied: they are set before a run) and
// saves it as a new revision.
int saveImported(const Invocation &inv, CommandIo &io, const ImportResult &r, const Strategy &built,
                 const QString &source)
{
    std::optional<Variables> vars = variables(inv, io);
    if (!vars)
        return ExitBadInput;
    const QStringList secrets = secretVariablesUsed(r, built);
    for (const QString &name : secrets) {
        if (!vars->lookup(name))
            vars->values.insert(name, QStringLiteral("secret"));
    }
    const QList<ValidationIssue> issues = validateStrategy(built, *vars);
    if (!issues.isEmpty()) {
        for (const ValidationIssue &i : issues)
            io.err << source << ": " << i.toString() << '\n';
        io.err << "loadwright: the imported journey is not valid; nothing was imported" << Qt::endl;
        return ExitBadInput;
    }
    const QString author = actingUser(inv);
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, true);
    if (!ws)
        return ExitBadInput;
    QString error;
    const auto rev = ws->importStrategy(
        built, author, QStringLiteral("Imported from %1").arg(QFileInfo(source).fileName()), &error);
    if (!rev) {
        io.err << "loadwright: " << source << ": " << error << Qt::endl;
        return ExitInternal;
    }
    int steps = 0;
    for (const Scenario &sc : built.scenarios)
        steps += int(sc.steps.size());
    io.out << "imported " << built.name << " as revision " << rev->revision << " (" << steps << " steps)\n";
    if (!secrets.isEmpty())
        io.out << "before a run, set " << secrets.join(QStringLiteral(", "))
               << " (--set NAME=value or the environment)\n";
    return ExitSuccess;
}

std::optional<QByteArray> readInput(const QString &path, CommandIo &io)
{
    QFile f;
    if (path == QLatin1String("-")) {
        if (!f.open(stdin, QIODevice::ReadOnly)) {
            io.err << "loadwright: cannot read standard input" << Qt::endl;
            return std::nullopt;
        }
    } else {
        f.setFileName(path);
        if (QFileInfo(path).isDir() || !f.open(QIODevice::ReadOnly)) {
            io.err << "loadwright: " << path << ": cannot read: "
                   << (QFileInfo(path).isDir() ? QStringLiteral("is a directory") : f.errorString())
                   << Qt::endl;
            return std::nullopt;
        }
    }
    return f.readAll();
}

// --correlate (every suggestion), --accept ID and --keep-secret ID (repeatable, or comma-separated).
// nullopt after an error naming the unknown id and the known ones.
std::optional<ImportChoices> choicesOf(const Invocation &inv, const ImportResult &r, const QString &source,
                                       CommandIo &io)
{
    ImportChoices c = inv.has(QStringLiteral("correlate")) ? ImportChoices::acceptAll(r) : ImportChoices();
    const auto pick = [&](const QString &option, const QStringList &known, QSet<QString> &into) {
        for (const QString &value : inv.values(option)) {
            for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString id = part.trimmed().toUpper();
                if (!known.contains(id)) {
                    io.err << source << ": --" << option << ' ' << part.trimmed() << ": "
                           << (known.isEmpty()
                                   ? QStringLiteral("this import has none")
                                   : QStringLiteral("not one of ") + known.join(QStringLiteral(", ")))
                           << "\nloadwright: nothing was imported" << Qt::endl;
                    return false;
                }
                into.insert(id);
            }
        }
        return true;
    };
    QStringList suggestions;
    for (const CorrelationSuggestion &x : r.suggestions)
        suggestions.append(x.id);
    QStringList secrets;
    for (const FlaggedSecret &x : r.secrets)
        secrets.append(x.id);
    if (!pick(QStringLiteral("accept"), suggestions, c.acceptedSuggestions) ||
        !pick(QStringLiteral("keep-secret"), secrets, c.keptSecrets))
        return std::nullopt;
    return c;
}

} // namespace

int importHarCommand(const Invocation &inv, CommandIo &io)
{
    const QString path = inv.arguments.constFirst();
    const std::optional<QByteArray> data = readInput(path, io);
    if (!data)
        return ExitBadInput;
    HarOptions options;
    options.name = inv.value(QStringLiteral("name"));
    options.keepAssets = inv.has(QStringLiteral("keep-assets"));
    options.keepHosts = inv.values(QStringLiteral("keep-host"));
    options.thinkTimes = inv.has(QStringLiteral("think-times"));
    for (const QString &text : inv.values(QStringLiteral("keep-entry"))) {
        bool ok = false;
        const int entry = text.toInt(&ok);
        if (!ok || entry < 0)
            return usageError(
                io, QStringLiteral("--keep-entry expects an entry number from the left-out list, such "
                                   "as 7 (got '%1')")
                        .arg(text));
        options.include.insert(entry);
    }
    HarError error;
    const std::optional<ImportResult> r = importHar(*data, options, &error);
    if (!r) {
        io.err << path << ": " << error.message << "\nloadwright: nothing was imported" << Qt::endl;
        return ExitBadInput;
    }
    // An entry asked for must exist and be one a run can send.
    const qsizetype entries = r->draft.scenarios.value(0).steps.size() + r->leftOut.size();
    for (const int entry : std::as_const(options.include)) {
        QString why;
        if (entry >= entries)
            why = QStringLiteral("the recording has %1 entries (0 to %2)").arg(entries).arg(entries - 1);
        for (const LeftOutRequest &l : r->leftOut) {
            if (l.entry == entry)
                why = QStringLiteral("it cannot be a step: %1").arg(l.describe());
        }
        if (!why.isEmpty()) {
            io.err << path << ": --keep-entry " << entry << ": " << why
                   << "\nloadwright: nothing was imported" << Qt::endl;
            return ExitBadInput;
        }
    }
    const std::optional<ImportChoices> picked = choicesOf(inv, *r, path, io);
    if (!picked)
        return ExitBadInput;
    const ImportChoices &choices = *picked;
    const Strategy built = buildStrategy(*r, choices);
    int kept = 0;
    for (const Scenario &sc : built.scenarios)
        kept += int(sc.steps.size());
    io.out << path << ": " << kept + r->leftOut.size() << " requests, " << kept << " kept as steps, "
           << r->leftOut.size() << " left out\n";
    printResult(*r, choices, built, true, io);
    return saveImported(inv, io, *r, built, path);
}

int importCurlCommand(const Invocation &inv, CommandIo &io)
{
    const QString path = inv.arguments.constFirst();
    const std::optional<QByteArray> data = readInput(path, io);
    if (!data)
        return ExitBadInput;
    CurlOptions options;
    options.name = inv.value(QStringLiteral("name"));
    CurlError error;
    const std::optional<ImportResult> r = importCurl(QString::fromUtf8(*data), options, &error);
    if (!r) {
        io.err << (path == QLatin1String("-") ? QStringLiteral("standard input") : path) << ": "
               << error.message << "\nloadwright: nothing was imported" << Qt::endl;
        return ExitBadInput;
    }
    const QString source = path == QLatin1String("-") ? QStringLiteral("standard input") : path;
    const std::optional<ImportChoices> choices = choicesOf(inv, *r, source, io);
    if (!choices)
        return ExitBadInput;
    const Strategy built = buildStrategy(*r, *choices);
    printResult(*r, *choices, built, false, io);
    // An option that is not understood may change what the request means (a method, a body, a
    // credential): the import stops unless the user accepts leaving such options out.
    if (!r->unknownOptions.isEmpty()) {
        if (!inv.has(QStringLiteral("allow-unknown"))) {
            io.err << "loadwright: " << source << ": " << r->unknownOptions.size()
                   << (r->unknownOptions.size() == 1 ? " option is" : " options are")
                   << " not understood; nothing was imported (--allow-unknown imports the requests "
                      "without them)"
                   << Qt::endl;
            return ExitBadInput;
        }
        io.err << "loadwright: imported without the options that are not understood (--allow-unknown)"
               << Qt::endl;
    }
    return saveImported(inv, io, *r, built, source);
}

int exportStrategyCommand(const Invocation &inv, CommandIo &io)
{
    const QString format = inv.has(QStringLiteral("format")) ? inv.value(QStringLiteral("format")).toLower()
                                                             : QStringLiteral("json");
    if (format == QLatin1String("json"))
        return exportCommand(inv, io);
    if (format != QLatin1String("k6"))
        return usageError(io, QStringLiteral("'export' writes --format json (the default) or k6, not '%1'")
                                  .arg(inv.value(QStringLiteral("format"))));
    const QString output = inv.value(QStringLiteral("output"));
    if (output.isEmpty())
        return usageError(io, QStringLiteral("'export' needs -o FILE"));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const QString name = inv.arguments.constFirst();
    const auto summary = ws->strategyByName(name);
    if (!summary) {
        io.err << "loadwright: there is no strategy named '" << name << "' in " << ws->path()
               << " (see 'loadwright strategies')" << Qt::endl;
        return ExitBadInput;
    }
    std::optional<StrategyRevision> rev = ws->latestRevision(summary->id);
    if (inv.has(QStringLiteral("revision"))) {
        bool ok = false;
        const int n = inv.value(QStringLiteral("revision")).toInt(&ok);
        if (!ok || n <= 0)
            return usageError(io, QStringLiteral("--revision expects a revision number such as 1 (got '%1')")
                                      .arg(inv.value(QStringLiteral("revision"))));
        rev = ws->revision(summary->id, n);
        if (!rev) {
            io.err << "loadwright: '" << summary->name << "' has no revision " << n << Qt::endl;
            return ExitBadInput;
        }
    }
    if (!rev) {
        io.err << "loadwright: '" << summary->name << "' has no revision" << Qt::endl;
        return ExitInternal;
    }
    ParseResult parsed = parseStrategy(rev->json);
    if (!parsed.strategy) {
        io.err << "loadwright: the stored revision of '" << summary->name << "' cannot be read" << Qt::endl;
        return ExitInternal;
    }
    Strategy s = *parsed.strategy;
    QString error;
    if (!s.data.isEmpty() && !ws->loadDataFiles(s, &error)) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    const K6Script k6 = exportK6(s);
    const QByteArray bytes = k6.script.toUtf8();
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        io.err << "loadwright: cannot write " << output << ": " << file.errorString() << Qt::endl;
        return ExitBadInput;
    }
    io.out << "exported " << summary->name << " revision " << rev->revision << " as a k6 script to " << output
           << '\n';
    // The data files the script opens, beside it.
    const QDir dir = QFileInfo(output).absoluteDir();
    for (const DataSource &d : s.data) {
        if (QFileInfo(d.file).isAbsolute()) {
            io.out << "note: the script opens " << d.file << " (an absolute path)\n";
            continue;
        }
        const QString target = dir.filePath(d.file);
        QDir().mkpath(QFileInfo(target).absolutePath());
        QSaveFile df(target);
        if (!df.open(QIODevice::WriteOnly) || df.write(d.content) != d.content.size() || !df.commit()) {
            io.err << "loadwright: cannot write " << target << ": " << df.errorString() << Qt::endl;
            return ExitBadInput;
        }
        io.out << "wrote the data file " << target << '\n';
    }
    if (!k6.notTranslated.isEmpty()) {
        io.out << "not translated:\n";
        for (const QString &n : k6.notTranslated)
            io.out << "  - " << n << '\n';
    }
    return ExitSuccess;
}

} // namespace lw::cli
