#include "cli/commandline.h"

#include "cli/comparecommands.h"
#include "cli/debugcommands.h"
#include "cli/exportcommands.h"
#include "cli/governancecommands.h"
#include "cli/importcommands.h"
#include "cli/notifycommands.h"
#include "cli/reportcommands.h"
#include "cli/runcommands.h"
#include "cli/strategycommands.h"
#include "cli/trendcommands.h"
#include "storage/workspace.h"

#include <QTextStream>
#include <QtGlobal>

#include <sqlite3.h>

namespace lw::cli {

QString Invocation::value(const QString &option) const
{
    const QStringList all = values(option);
    return all.isEmpty() ? QString() : all.constLast();
}

QStringList Invocation::values(const QString &option) const
{
    QStringList all = options.values(option); // QMultiHash: most recent first
    std::reverse(all.begin(), all.end());
    return all;
}

const QList<OptionSpec> &optionSpecs()
{
    static const QList<OptionSpec> specs = {
        {QStringLiteral("workspace"), QChar(), QStringLiteral("FILE"),
         QStringLiteral("workspace file (default: $LOADWRIGHT_WORKSPACE, else %1)")
             .arg(Workspace::dataDirectory() + QStringLiteral("/default.lwdb"))},
        {QStringLiteral("set"), QChar(), QStringLiteral("VAR=value"),
         QStringLiteral("value for ${VAR} in strategies (repeatable; wins over the environment)")},
        {QStringLiteral("as"), QChar(), QStringLiteral("USER"),
         QStringLiteral("acting user, recorded as author (default: $USER)")},
        {QStringLiteral("help"), QLatin1Char('h'), QString(),
         QStringLiteral("show help (for a command: COMMAND --help)")},
        {QStringLiteral("version"), QLatin1Char('V'), QString(), QStringLiteral("show the version")},
        {QStringLiteral("json"), QChar(), QString(), QStringLiteral("machine-readable JSON output")},
        {QStringLiteral("archived"), QChar(), QString(), QStringLiteral("list archived strategies instead")},
        {QStringLiteral("revision"), QLatin1Char('r'), QStringLiteral("N"),
         QStringLiteral("a given revision (default: the latest)")},
        {QStringLiteral("output"), QLatin1Char('o'), QStringLiteral("FILE"), QStringLiteral("file to write")},
        {QStringLiteral("comment"), QLatin1Char('m'), QStringLiteral("TEXT"),
         QStringLiteral("comment for the new revision, or on an approval decision")},
        {QStringLiteral("demo"), QChar(), QString(),
         QStringLiteral("create or refresh the demo workspace and open it")},
        {QStringLiteral("confirm"), QChar(), QStringLiteral("NAME"),
         QStringLiteral("tick the manual prerequisite NAME (repeatable)")},
        {QStringLiteral("engine"), QChar(), QStringLiteral("PATH"),
         QStringLiteral("load engine binary (default: next to loadwright, else on PATH)")},
        {QStringLiteral("engine-kind"), QChar(), QStringLiteral("KIND"),
         QStringLiteral(
             "run: builtin or locust (Locust's distributed mode); overrides the strategy's engine")},
        {QStringLiteral("workers"), QChar(), QStringLiteral("N"),
         QStringLiteral("run: Locust worker processes on this machine with --engine-kind locust, 1..64 "
                        "(default 1); a Locust strategy keeps its workers on other hosts")},
        {QStringLiteral("strategy"), QChar(), QStringLiteral("NAME"),
         QStringLiteral("only runs of this strategy")},
        {QStringLiteral("limit"), QChar(), QStringLiteral("N"),
         QStringLiteral("at most N runs, newest first")},
        {QStringLiteral("threshold"), QChar(), QStringLiteral("PCT"),
         QStringLiteral("minimum change in % for a regression or an improvement (default 5)")},
        // options of the report commands go here
        {QStringLiteral("format"), QChar(), QStringLiteral("FORMAT"),
         QStringLiteral(
             "report: html, pdf, json, csv or hlog (default: from the -o FILE suffix); export: json "
             "or k6")},
        {QStringLiteral("from"), QChar(), QStringLiteral("S"),
         QStringLiteral("re-slice the report from S seconds after the run start")},
        {QStringLiteral("to"), QChar(), QStringLiteral("S"),
         QStringLiteral("re-slice the report up to S seconds")},
        {QStringLiteral("save"), QChar(), QString(), QStringLiteral("also keep the report in the workspace")},
        {QStringLiteral("title"), QChar(), QStringLiteral("TEXT"),
         QStringLiteral("title of the saved report")},
        {QStringLiteral("clear"), QChar(), QString(),
         QStringLiteral("remove the strategy's baseline instead")},
        {QStringLiteral("role"), QChar(), QStringLiteral("ROLE"),
         QStringLiteral("engineer, approver, analyst or admin (the first user is always admin)")},
        {QStringLiteral("fingerprints"), QChar(), QString(),
         QStringLiteral("the workspace's identity and first admin key, as remembered and as now")},
        {QStringLiteral("trust"), QChar(), QStringLiteral("FINGERPRINT"),
         QStringLiteral("accept the workspace's changed identity (its first admin key's fingerprint)")},
        // options of the notification commands go here
        {QStringLiteral("plugin"), QChar(), QStringLiteral("PLUGIN"),
         QStringLiteral("the notification plugin of a channel (see 'loadwright plugins')")},
        {QStringLiteral("events"), QChar(), QStringLiteral("PATTERN"),
         QStringLiteral("events a channel hears, e.g. 'run.*,safety.*' (default *)")},
        {QStringLiteral("min-severity"), QChar(), QStringLiteral("S"),
         QStringLiteral("lowest severity a channel hears: info, warning or critical (default info)")},
        {QStringLiteral("notify-wait"), QChar(), QStringLiteral("S"),
         QStringLiteral("seconds to wait for the run's notifications to be delivered (default 10)")},
        {QStringLiteral("iterations"), QChar(), QStringLiteral("N"),
         QStringLiteral("debug: rounds of iterations, 1 to 10 (default 1)")},
        {QStringLiteral("rows"), QChar(), QStringLiteral("K"),
         QStringLiteral("debug: one iteration per data row of the first K rows (1 to 10)")},
        {QStringLiteral("scenario"), QChar(), QStringLiteral("S"),
         QStringLiteral("debug: only this scenario (default: every scenario)")},
        {QStringLiteral("show-secrets"), QChar(), QString(),
         QStringLiteral("debug: show tokens, cookies and passwords instead of *****")},
        {QStringLiteral("head"), QChar(), QStringLiteral("HASH"),
         QStringLiteral("a head hash exported earlier that must still be in the audit log")},
        // options of the recording imports
        {QStringLiteral("name"), QChar(), QStringLiteral("NAME"),
         QStringLiteral("name of the imported strategy")},
        {QStringLiteral("correlate"), QChar(), QString(),
         QStringLiteral("accept every correlation suggestion (extractions and {{variables}})")},
        {QStringLiteral("accept"), QChar(), QStringLiteral("ID"),
         QStringLiteral("accept this correlation suggestion (C1, C2, ...; repeatable or comma-separated)")},
        {QStringLiteral("keep-secret"), QChar(), QStringLiteral("ID"),
         QStringLiteral(
             "store this flagged secret as recorded (S1, S2, ...; repeatable or comma-separated)")},
        {QStringLiteral("keep-assets"), QChar(), QString(),
         QStringLiteral("keep images, fonts, scripts, style sheets and media as steps")},
        {QStringLiteral("keep-host"), QChar(), QStringLiteral("HOST"),
         QStringLiteral("keep the requests to this third-party host (repeatable)")},
        {QStringLiteral("keep-entry"), QChar(), QStringLiteral("N"),
         QStringLiteral("keep the recording's entry N (its number in the left-out list; repeatable)")},
        {QStringLiteral("think-times"), QChar(), QString(),
         QStringLiteral("think times from the recorded gaps between requests")},
        {QStringLiteral("allow-unknown"), QChar(), QString(),
         QStringLiteral("import-curl: import even when a curl option is not understood (it is left out; "
                        "without this the import stops with exit code 2)")},
    };
    return specs;
}

QStringList globalOptions()
{
    return {QStringLiteral("workspace"), QStringLiteral("set"), QStringLiteral("as"), QStringLiteral("help"),
            QStringLiteral("version")};
}

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> list = {
        {QStringLiteral("gui"),
         QStringLiteral("gui [--demo]"),
         QStringLiteral("open the workbench (the default without a command)"),
         {QStringLiteral("demo")},
         0,
         0,
         nullptr},
        {QStringLiteral("validate"),
         QStringLiteral("validate FILE... [--set VAR=value]"),
         QStringLiteral("check strategy files; every problem as FILE: json.path: message"),
         {},
         1,
         -1,
         validateCommand},
        {QStringLiteral("import"),
         QStringLiteral("import FILE... [--comment TEXT]"),
         QStringLiteral("validate, then save each file as a new revision in the workspace"),
         {QStringLiteral("comment")},
         1,
         -1,
         importCommand},
        {QStringLiteral("strategies"),
         QStringLiteral("strategies [--json] [--archived]"),
         QStringLiteral("list the strategies in the workspace"),
         {QStringLiteral("json"), QStringLiteral("archived")},
         0,
         0,
         strategiesCommand},
        {QStringLiteral("revisions"),
         QStringLiteral("revisions NAME [--json]"),
         QStringLiteral("list every revision of a strategy"),
         {QStringLiteral("json")},
         1,
         1,
         revisionsCommand},
        {QStringLiteral("show"),
         QStringLiteral("show NAME [--revision N]"),
         QStringLiteral("print a stored strategy revision as JSON"),
         {QStringLiteral("revision")},
         1,
         1,
         showCommand},
        {QStringLiteral("import-har"),
         QStringLiteral("import-har FILE [--name N] [--correlate]"),
         QStringLiteral(
             "a browser recording (HAR 1.2) as a new strategy revision, one step per request; assets, "
             "cached answers and other hosts are left out and listed; correlation suggestions are "
             "listed (--correlate accepts them); recorded credentials become ${VARIABLES}"),
         {QStringLiteral("name"), QStringLiteral("correlate"), QStringLiteral("accept"),
          QStringLiteral("keep-secret"), QStringLiteral("keep-assets"), QStringLiteral("keep-host"),
          QStringLiteral("keep-entry"), QStringLiteral("think-times")},
         1,
         1,
         importHarCommand},
        {QStringLiteral("import-curl"),
         QStringLiteral("import-curl FILE|- [--name N] [--allow-unknown]"),
         QStringLiteral(
             "curl command lines (Copy as cURL, bash or cmd quoting; - reads standard input) as the "
             "steps of a new strategy revision; credentials become ${VARIABLES}; options not "
             "understood are listed and stop the import (exit 2) unless --allow-unknown"),
         {QStringLiteral("name"), QStringLiteral("keep-secret"), QStringLiteral("allow-unknown")},
         1,
         1,
         importCurlCommand},
        {QStringLiteral("export"),
         QStringLiteral("export NAME -o FILE [--format json|k6]"),
         QStringLiteral(
             "write a stored strategy revision (--revision N) as JSON, or with --format k6 as a k6 "
             "script (its data files beside it; what does not translate is listed)"),
         {QStringLiteral("revision"), QStringLiteral("output"), QStringLiteral("format")},
         1,
         1,
         exportStrategyCommand},
        {QStringLiteral("archive"),
         QStringLiteral("archive NAME"),
         QStringLiteral("hide a strategy from the list (its history is kept)"),
         {},
         1,
         1,
         archiveCommand},
        {QStringLiteral("restore"),
         QStringLiteral("restore NAME"),
         QStringLiteral("bring an archived strategy back"),
         {},
         1,
         1,
         restoreCommand},
        {QStringLiteral("run"),
         QStringLiteral("run FILE|NAME [--json]"),
         QStringLiteral("run a strategy file or a stored one and keep the run (exit codes below)"),
         {QStringLiteral("json"), QStringLiteral("confirm"), QStringLiteral("engine"),
          QStringLiteral("notify-wait"), QStringLiteral("engine-kind"), QStringLiteral("workers")},
         1,
         1,
         runStrategyCommand},
        {QStringLiteral("runs"),
         QStringLiteral("runs [--json] [--strategy NAME] | runs delete ID"),
         QStringLiteral("list the stored runs, newest first (--limit N for the last N); 'runs delete ID' "
                        "deletes a debug run (audited)"),
         {QStringLiteral("json"), QStringLiteral("strategy"), QStringLiteral("limit")},
         0,
         2,
         runsCommand},
        {QStringLiteral("debug"),
         QStringLiteral(
             "debug FILE|NAME [--iterations N] [--rows K] [--scenario S] [--json] [--show-secrets]"),
         QStringLiteral("send one iteration (or N, or one per data row) through the engine and show each "
                        "step's request, response, extractions, checks and cookies; stored as a debug run "
                        "(exit 1 when a check or extraction failed)"),
         {QStringLiteral("iterations"), QStringLiteral("rows"), QStringLiteral("scenario"),
          QStringLiteral("json"), QStringLiteral("show-secrets"), QStringLiteral("confirm"),
          QStringLiteral("engine")},
         1,
         1,
         debugCommand},
        {QStringLiteral("compare"),
         QStringLiteral("compare BASE CANDIDATE [--json]"),
         QStringLiteral("compare two runs metric by metric (exit 1 on a significant regression); BASE may be "
                        "'baseline': the candidate strategy's baseline run"),
         {QStringLiteral("json"), QStringLiteral("threshold")},
         2,
         2,
         compareCommand},
        {QStringLiteral("trend"),
         QStringLiteral("trend NAME [--limit N] [--json]"),
         QStringLiteral("a strategy's finished runs over time (p50/p95/p99, throughput, errors, score) with "
                        "change points (exit 1 when the newest run is significantly worse than the runs "
                        "before it); --limit N: the last N runs (default 30, 0: all)"),
         {QStringLiteral("json"), QStringLiteral("limit")},
         1,
         1,
         trendCommand},
        // report commands go here
        {QStringLiteral("report"),
         QStringLiteral("report RUN --format html|pdf|json|csv|hlog -o FILE"),
         QStringLiteral(
             "export the report of a run (--from S --to S re-slice it; --save [--title TEXT] keeps "
             "it); a debug run has no report (exit 2)"),
         {QStringLiteral("format"), QStringLiteral("output"), QStringLiteral("from"), QStringLiteral("to"),
          QStringLiteral("save"), QStringLiteral("title"), QStringLiteral("json")},
         1,
         1,
         reportCommand},
        {QStringLiteral("baseline"),
         QStringLiteral("baseline RUN [--clear]"),
         QStringLiteral("mark a finished run as its strategy's baseline (compare baseline RUN uses it)"),
         {QStringLiteral("clear")},
         1,
         1,
         baselineCommand},
        {QStringLiteral("reports"),
         QStringLiteral("reports [--json]"),
         QStringLiteral("list the saved reports, newest first"),
         {QStringLiteral("json")},
         0,
         0,
         reportsCommand},
        {QStringLiteral("demo"),
         QStringLiteral("demo"),
         QStringLiteral("create or refresh a workspace with the sample strategies (no GUI)"),
         {},
         0,
         0,
         demoCommand},
        {QStringLiteral("users"),
         QStringLiteral("users [add NAME --role ROLE] [--fingerprints] [--trust FINGERPRINT]"),
         QStringLiteral(
             "list the users (--json), or add one: the first becomes admin, then an admin adds (--as ADMIN)"),
         {QStringLiteral("json"), QStringLiteral("role"), QStringLiteral("fingerprints"),
          QStringLiteral("trust")},
         0,
         2,
         usersCommand},
        {QStringLiteral("approve"),
         QStringLiteral("approve FILE|NAME --as USER"),
         QStringLiteral("sign off a strategy revision (the latest, or --revision N; --comment TEXT)"),
         {QStringLiteral("comment"), QStringLiteral("revision")},
         1,
         1,
         approveCommand},
        {QStringLiteral("reject"),
         QStringLiteral("reject FILE|NAME --as USER"),
         QStringLiteral("reject a strategy revision; it cannot run until the rejection is superseded"),
         {QStringLiteral("comment"), QStringLiteral("revision")},
         1,
         1,
         rejectCommand},
        {QStringLiteral("revoke"),
         QStringLiteral("revoke FILE|NAME --as USER"),
         QStringLiteral("withdraw your approval of a strategy revision"),
         {QStringLiteral("comment"), QStringLiteral("revision")},
         1,
         1,
         revokeCommand},
        {QStringLiteral("approvals"),
         QStringLiteral("approvals [--json] [--strategy NAME]"),
         QStringLiteral("list approval decisions with their state (valid, stale, expired, ignored)"),
         {QStringLiteral("json"), QStringLiteral("strategy")},
         0,
         0,
         approvalsCommand},
        {QStringLiteral("audit"),
         QStringLiteral("audit verify|export"),
         QStringLiteral("verify the audit hash chain (exit 1 naming the first bad entry; --head HASH), or "
                        "export it (--json, -o FILE)"),
         {QStringLiteral("head"), QStringLiteral("json"), QStringLiteral("output")},
         1,
         1,
         auditCommand},
        {QStringLiteral("policy"),
         QStringLiteral("policy [set KEY VALUE --as ADMIN]"),
         QStringLiteral("show the approval policy, or change and sign one of its settings (approval.*)"),
         {QStringLiteral("json")},
         0,
         3,
         policyCommand},
        // notification commands go here
        {QStringLiteral("plugins"),
         QStringLiteral("plugins [--json]"),
         QStringLiteral("list the notification plugins found, loaded and failed (with the reason)"),
         {QStringLiteral("json")},
         0,
         0,
         pluginsCommand},
        {QStringLiteral("channels"),
         QStringLiteral("channels list|add|test|remove [NAME]"),
         QStringLiteral("notification channels: add NAME --plugin P --set key=value [--events PATTERN] "
                        "[--min-severity S]; test NAME sends a test notification"),
         {QStringLiteral("json"), QStringLiteral("plugin"), QStringLiteral("events"),
          QStringLiteral("min-severity")},
         1,
         2,
         channelsCommand},
    };
    return list;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &spec : commands()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

namespace {

const OptionSpec *findOption(const QString &longName, QChar shortName)
{
    for (const OptionSpec &spec : optionSpecs()) {
        if ((!longName.isEmpty() && spec.name == longName) ||
            (!shortName.isNull() && spec.shortName == shortName))
            return &spec;
    }
    return nullptr;
}

} // namespace

Invocation parseArguments(const QStringList &arguments)
{
    Invocation inv;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        const bool isOption = !optionsEnded && arg.size() > 1 && arg.startsWith(QLatin1Char('-'));
        if (!optionsEnded && arg == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (!isOption) {
            if (inv.command.isEmpty() && !optionsEnded)
                inv.command = arg;
            else
                inv.arguments.append(arg);
            continue;
        }

        const OptionSpec *spec = nullptr;
        QString inlineValue;
        bool hasInlineValue = false;
        if (arg.startsWith(QLatin1String("--"))) {
            QString name = arg.mid(2);
            const qsizetype eq = name.indexOf(QLatin1Char('='));
            if (eq >= 0) {
                inlineValue = name.mid(eq + 1);
                hasInlineValue = true;
                name.truncate(eq);
            }
            spec = findOption(name, QChar());
        } else if (arg.size() == 2) {
            spec = findOption(QString(), arg.at(1));
        }
        if (!spec) {
            if (inv.error.isEmpty())
                inv.error = QStringLiteral("unknown option '%1'").arg(arg);
            continue;
        }
        if (spec->valueName.isEmpty()) {
            if (hasInlineValue && inv.error.isEmpty())
                inv.error = QStringLiteral("option --%1 takes no value").arg(spec->name);
            inv.options.insert(spec->name, QString());
            continue;
        }
        if (hasInlineValue) {
            inv.options.insert(spec->name, inlineValue);
        } else if (i + 1 < arguments.size()) {
            inv.options.insert(spec->name, arguments.at(++i));
        } else if (inv.error.isEmpty()) {
            inv.error = QStringLiteral("option --%1 needs a value (%2)").arg(spec->name, spec->valueName);
        }
    }
    return inv;
}

bool wantsGui(const Invocation &inv)
{
    if (inv.has(QStringLiteral("help")) || inv.has(QStringLiteral("version")) || !inv.error.isEmpty())
        return false;
    if (!inv.command.isEmpty() && inv.command != QLatin1String("gui"))
        return false;
    // Anything the GUI would ignore goes to runCommand(), which reports it as a usage error.
    if (!inv.arguments.isEmpty())
        return false;
    const QStringList global = globalOptions();
    for (auto it = inv.options.cbegin(); it != inv.options.cend(); ++it) {
        if (!global.contains(it.key()) && it.key() != QLatin1String("demo"))
            return false;
    }
    return true;
}

QString versionText()
{
    return QStringLiteral("loadwright %1 (Qt %2, SQLite %3, workspace schema %4)\n")
        .arg(QStringLiteral(LW_VERSION), QString::fromLatin1(qVersion()),
             QString::fromLatin1(sqlite3_libversion()))
        .arg(Workspace::currentSchemaVersion());
}

QString usageText()
{
    QString text;
    QTextStream s(&text);
    s << "Loadwright " LW_VERSION " - plan, approve and run load tests.\n\n"
      << "Usage: loadwright [COMMAND] [OPTIONS]\n"
      << "Without a command the workbench (GUI) opens; 'loadwright --demo' opens it on the demo "
         "workspace.\n\n"
      << "Commands:\n";
    for (const CommandSpec &spec : commands()) {
        s << "  " << qSetFieldWidth(38) << Qt::left << spec.synopsis << qSetFieldWidth(0);
        if (spec.synopsis.size() >= 38) // a long synopsis gets its summary on the next line
            s << '\n' << QString(40, QLatin1Char(' '));
        s << spec.summary << '\n';
    }
    s << "\nGlobal options:\n";
    for (const QString &name : globalOptions()) {
        const OptionSpec *o = findOption(name, QChar());
        QString flag = QStringLiteral("--") + o->name;
        if (!o->shortName.isNull())
            flag = QStringLiteral("-%1, %2").arg(o->shortName).arg(flag);
        if (!o->valueName.isEmpty())
            flag += QLatin1Char(' ') + o->valueName;
        s << "  " << qSetFieldWidth(24) << Qt::left << flag << qSetFieldWidth(0) << o->help << '\n';
    }
    s << "\nStrategies may use ${VAR} and ${VAR:-default} in any string; values come from --set, then the\n"
      << "environment.\n"
      << "\nExit codes:\n"
      << "  0  success\n"
      << "  1  a verdict failed (success criteria not met, audit verification failed, compare found a\n"
      << "     significant regression above the threshold)\n"
      << "  2  bad input or usage (invalid strategy, unknown command or option, refused workspace,\n"
      << "     a curl option import-curl does not understand, a report asked of a debug run)\n"
      << "  3  stopped by a safety limit\n"
      << "  4  refused before start (approvals, prerequisites, testing window, host not allowed)\n"
      << "  5  internal or engine failure; a run interrupted (engine crash) or not writable to the "
         "workspace\n"
      << "  130, 143  a run stopped by Ctrl+C or SIGTERM (stored as cancelled; Ctrl+C twice: emergency "
         "stop)\n"
      << "\nRun 'loadwright COMMAND --help' for the options of a command.\n";
    return text;
}

QString commandHelp(const CommandSpec &spec)
{
    QString text;
    QTextStream s(&text);
    s << "Usage: loadwright " << spec.synopsis << "\n\n" << spec.summary << ".\n";
    if (!spec.options.isEmpty()) {
        s << "\nOptions:\n";
        for (const QString &name : spec.options) {
            const OptionSpec *o = findOption(name, QChar());
            QString flag = QStringLiteral("--") + o->name;
            if (!o->shortName.isNull())
                flag = QStringLiteral("-%1, %2").arg(o->shortName).arg(flag);
            if (!o->valueName.isEmpty())
                flag += QLatin1Char(' ') + o->valueName;
            s << "  " << qSetFieldWidth(24) << Qt::left << flag << qSetFieldWidth(0) << o->help << '\n';
        }
    }
    s << "\nGlobal options: --workspace FILE, --set VAR=value, --as USER (see 'loadwright --help').\n";
    return text;
}

int usageError(CommandIo &io, const QString &message)
{
    io.err << "loadwright: " << message << "\nRun 'loadwright --help' for usage." << Qt::endl;
    return ExitBadInput;
}

int runCommand(const Invocation &inv, CommandIo &io)
{
    if (!inv.error.isEmpty())
        return usageError(io, inv.error);
    const CommandSpec *spec = inv.command.isEmpty() ? nullptr : findCommand(inv.command);
    if (!inv.command.isEmpty() && !spec)
        return usageError(io, QStringLiteral("unknown command '%1'").arg(inv.command));

    if (inv.has(QStringLiteral("version"))) {
        io.out << versionText() << Qt::flush;
        return ExitSuccess;
    }
    if (inv.has(QStringLiteral("help"))) {
        io.out << (spec ? commandHelp(*spec) : usageText()) << Qt::flush;
        return ExitSuccess;
    }
    if (!spec)
        return usageError(io, QStringLiteral("no command given"));

    // Command-specific options used with another command are a usage error, not silently ignored.
    const QStringList global = globalOptions();
    for (auto it = inv.options.cbegin(); it != inv.options.cend(); ++it) {
        if (!global.contains(it.key()) && !spec->options.contains(it.key()))
            return usageError(io, QStringLiteral("'%1' does not take --%2").arg(spec->name, it.key()));
    }
    const auto count = inv.arguments.size();
    if (count < spec->minArguments)
        return usageError(
            io, QStringLiteral("'%1' needs more arguments: loadwright %2").arg(spec->name, spec->synopsis));
    if (spec->maxArguments >= 0 && count > spec->maxArguments)
        return usageError(io, QStringLiteral("'%1' got an unexpected argument '%2': loadwright %3")
                                  .arg(spec->name, inv.arguments.at(spec->maxArguments), spec->synopsis));
    if (!spec->run) {
        io.err << "loadwright: '" << spec->name << "' cannot run here" << Qt::endl;
        return ExitInternal;
    }
    const int code = spec->run(inv, io);
    io.out.flush();
    io.err.flush();
    return code;
}

} // namespace lw::cli
